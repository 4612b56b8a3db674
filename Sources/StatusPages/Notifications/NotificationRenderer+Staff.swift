import Foundation
import StatusModel

extension NotificationRenderer {
    /// The reminder to staff that an active incident has had no update: the incident's title,
    /// how long since its last update (when the reminder was written), and a link to the admin
    /// page where an update is posted. Not for subscribers: no unsubscribe link.
    public func staleIncidentEmail(for event: NotificationEvent, language: LanguageCode, period: TimeInterval) throws -> RenderedEmail {
        guard event.kind == .incidentStale, case .incident(let incident, _) = event.subject else {
            throw NotificationRendererError.notEmailed(event.kind)
        }
        let localizer = pages.localizer(language)
        let title = localizer.title(incident.title)
        let minutes = String(StaleIncidentRule.minutesWithoutUpdate(incident, at: event.createdAt))
        let lastUpdate = localizer.dates.timestamp(StaleIncidentRule.lastActivity(of: incident))
        let view = StaleIncidentEmailView(
            staleTitle: title,
            staleIntro: localizer.format("email_stale_intro", ["minutes": minutes, "time": lastUpdate]),
            staleFacts: [
                EmailFactView(label: localizer["email_status_label"], value: localizer[UIKey.incidentStatus(incident.status)]),
                EmailFactView(label: localizer["email_impact_label"], value: localizer[UIKey.impact(incident.impact)]),
            ],
            actionURL: staffIncidentURL(incident.id), t: localizer.strings.values)
        let subject = subjectLine(localizer.format("email_subject_stale", ["minutes": minutes, "title": title.text]), localizer: localizer)
        let layout = layoutView(subject: subject, accentColor: EmailColor.impact(incident.impact), unsubscribeURL: nil,
                                at: event.createdAt, localizer: localizer)
            .withFooterReason(localizer.format("email_stale_reason", ["site": siteName(localizer), "period": String(Int(period / 60))]))
        return try renderEmail(subject: subject, template: "stale", content: view, layout: layout)
    }

    /// The admin page of an incident, where updates are posted (absolute: it is opened from a mail client).
    public func staffIncidentURL(_ id: Int64) -> String {
        settings.baseURL.trimmingSuffix("/") + "/admin/incidents/\(id)"
    }
}

extension EmailLayoutView {
    func withFooterReason(_ reason: String) -> EmailLayoutView {
        EmailLayoutView(htmlLang: htmlLang, subject: subject, siteName: siteName, accentColor: accentColor,
                        hasFooterReason: !reason.isEmpty, footerReason: reason, hasUnsubscribe: hasUnsubscribe,
                        unsubscribeURL: unsubscribeURL, zoneNote: zoneNote, t: t, content: content)
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}
