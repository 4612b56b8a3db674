import Foundation
import PostMarkup
import StatusModel

extension NotificationRenderer {
    /// The email for an incident or maintenance event in `language` (the site's default language
    /// when it does not publish that one). Throws for `component.updated`, which is never emailed.
    public func email(for event: NotificationEvent, language: LanguageCode, unsubscribeURL: String) throws -> RenderedEmail {
        guard event.kind.isEmailed else { throw NotificationRendererError.notEmailed(event.kind) }
        let localizer = pages.localizer(language)
        guard let content = content(of: event, localizer: localizer) else { throw NotificationRendererError.notEmailed(event.kind) }
        let view = EventEmailView(
            title: content.title, intro: localizer[EmailKey.intro(event.kind)], message: content.message.map(messageView),
            facts: content.facts, hasComponents: !content.components.isEmpty, components: content.components,
            linkHref: content.link, t: localizer.strings.values)
        let subject = subjectLine(content.subject, localizer: localizer)
        let layout = layoutView(subject: subject, accentColor: content.accentColor, unsubscribeURL: unsubscribeURL,
                                at: event.createdAt, localizer: localizer)
        return try renderEmail(subject: subject, template: "event", content: view, layout: layout)
    }

    /// The double opt-in message. `componentNames` empty means every component.
    public func confirmationEmail(language: LanguageCode, confirmURL: String, componentNames: [String], expiresAt: Date) throws -> RenderedEmail {
        let localizer = pages.localizer(language)
        let components = componentNames.isEmpty ? localizer["email_all_services"] : localizer.list(componentNames)
        let view = ConfirmationEmailView(
            intro: localizer.format("email_confirmation_intro", ["site": siteName(localizer), "components": components]),
            confirmURL: confirmURL,
            expiry: localizer.format("email_confirmation_expiry", ["time": localizer.dates.timestamp(expiresAt)]),
            t: localizer.strings.values)
        let subject = subjectLine(localizer["email_subject_confirmation"], localizer: localizer)
        // Not subscribed yet: nothing to unsubscribe from, and the body says why the mail came.
        let layout = layoutView(subject: subject, accentColor: EmailColor.neutral, unsubscribeURL: nil, at: expiresAt,
                                localizer: localizer)
        return try renderEmail(subject: subject, template: "confirmation", content: view, layout: layout)
    }

    // MARK: - Per subject

    /// What differs between incident and maintenance emails.
    struct EventContent {
        let subject: String
        let title: TextView
        let message: TextView?
        let facts: [EmailFactView]
        let components: [EmailComponentView]
        let link: String
        let accentColor: String
    }

    /// What an incident or maintenance event says (emails and chat messages); nil for a component change.
    func content(of event: NotificationEvent, localizer: Localizer) -> EventContent? {
        switch event.subject {
        case .incident(let incident, let update): incidentContent(incident, update: update, event: event, localizer: localizer)
        case .maintenance(let maintenance): maintenanceContent(maintenance, event: event, localizer: localizer)
        case .component: nil
        }
    }

    private func incidentContent(_ incident: Incident, update: IncidentUpdate?, event: NotificationEvent, localizer: Localizer) -> EventContent {
        let announced = update ?? incident.updates.last
        let status = announced?.status ?? incident.status
        let statusWord = localizer[UIKey.incidentStatus(status)]
        let title = localizer.title(incident.title)
        let changes = Dictionary((announced?.componentChanges ?? []).map { ($0.componentID, $0.status) }, uniquingKeysWith: { _, last in last })
        let components = visibleComponents(incident.componentIDs + changes.keys, in: event).map { component in
            componentView(component, status: changes[component.id] ?? component.status, localizer: localizer)
        }
        // A postmortem email carries the postmortem, not the last update.
        let postmortem = event.kind == .incidentPostmortem ? incident.postmortem : nil
        return EventContent(
            subject: postmortem == nil ? localizer.format("email_subject_incident", ["status": statusWord, "title": title.text])
                : localizer.format("email_subject_postmortem", ["title": title.text]),
            title: title,
            message: postmortem.map { localizer.text($0.body) } ?? announced.flatMap { localizer.text($0.body) },
            facts: [
                EmailFactView(label: localizer["email_status_label"], value: statusWord),
                EmailFactView(label: localizer["email_impact_label"], value: localizer[UIKey.impact(incident.impact)]),
                EmailFactView(label: localizer["email_posted_label"],
                              value: localizer.dates.timestamp(postmortem?.lastPublishedAt ?? announced?.createdAt ?? incident.startedAt)),
            ],
            components: components,
            link: permalink("/incidents/\(incident.id)", localizer: localizer),
            accentColor: status == .resolved ? EmailColor.good : EmailColor.impact(incident.impact))
    }

    private func maintenanceContent(_ maintenance: Maintenance, event: NotificationEvent, localizer: Localizer) -> EventContent {
        let state = MaintenanceEmailState(event.kind) ?? .updated
        let status: MaintenanceStatus
        switch state {
        case .scheduled, .reminder: status = .scheduled
        case .started: status = .inProgress
        case .completed: status = .completed
        case .cancelled: status = .cancelled
        case .updated: status = maintenance.status(at: event.createdAt)
        }
        let title = localizer.title(maintenance.title)
        let window = localizer.dates.window(from: maintenance.startsAt, to: maintenance.actualEnd)
        return EventContent(
            subject: localizer.format(EmailKey.maintenanceSubject(state), ["title": title.text]),
            title: title,
            message: localizer.text(maintenance.body),
            facts: [
                EmailFactView(label: localizer["email_status_label"], value: localizer[UIKey.maintenanceStatus(status)]),
                EmailFactView(label: localizer["email_window_label"], value: window.text),
            ],
            components: visibleComponents(maintenance.componentIDs, in: event).map {
                EmailComponentView(componentName: localizer.title($0.name), hasComponentStatus: false, componentStatus: "")
            },
            link: permalink("/maintenance/\(maintenance.id)", localizer: localizer),
            accentColor: state == .completed ? EmailColor.good : EmailColor.maintenance)
    }

    // MARK: - Shared pieces

    /// Components among `ids` as they were at publication, hidden ones left out, in page order.
    func visibleComponents(_ ids: some Sequence<Int64>, in event: NotificationEvent) -> [Component] {
        let wanted = Set(ids)
        return event.components.filter { wanted.contains($0.id) && !$0.isHidden }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
    }

    private func componentView(_ component: Component, status: ComponentStatus, localizer: Localizer) -> EmailComponentView {
        EmailComponentView(componentName: localizer.title(component.name), hasComponentStatus: true,
                           componentStatus: localizer[UIKey.componentStatus(status)])
    }

    private func messageView(_ text: TextView) -> EmailMessageView {
        EmailMessageView(text: PostMarkup.plainText(text.text), html: HTML.post(text.text), isFallback: text.isFallback,
                         textLanguage: text.textLanguage, fallbackNote: text.fallbackNote)
    }

    /// Absolute, in the language the email is written in (the localizer's, always a site language).
    private func permalink(_ path: String, localizer: Localizer) -> String {
        pages.urls.absolutePage(localizer.language, path)
    }

    func siteName(_ localizer: Localizer) -> String { localizer.title(settings.name).text }

    /// "[Site] what": one line, whatever staff typed into a title (a line break in a header would end it).
    func subjectLine(_ subject: String, localizer: Localizer) -> String {
        let line = localizer.format("email_subject", ["site": siteName(localizer), "subject": subject])
        return PlainText.singleLine(line)
    }

    func layoutView(subject: String, accentColor: String, unsubscribeURL: String?, at date: Date, localizer: Localizer) -> EmailLayoutView {
        let dates = localizer.dates
        let reason = unsubscribeURL == nil ? "" : localizer.format("email_footer_reason", ["site": siteName(localizer)])
        return EmailLayoutView(
            htmlLang: localizer.language.rawValue, subject: subject, siteName: siteName(localizer), accentColor: accentColor,
            hasFooterReason: !reason.isEmpty, footerReason: reason,
            hasUnsubscribe: unsubscribeURL != nil, unsubscribeURL: unsubscribeURL ?? "",
            zoneNote: localizer.format("time_zone_note", ["zone": dates.zoneName(at: date), "abbreviations": dates.zoneAbbreviations(around: date)]),
            t: localizer.strings.values)
    }
}

/// Accent colours of the email card (inline styles only: mail clients drop style sheets).
enum EmailColor {
    static let good = "#1a7f37"
    static let maintenance = "#0969da"
    static let neutral = "#57606a"

    static func impact(_ impact: IncidentImpact) -> String {
        switch impact {
        case .none: neutral
        case .minor: "#bf8700"
        case .major: "#d1242f"
        case .critical: "#82071e"
        }
    }
}
