import Foundation
import StatusModel

/// What `rss.mustache` and `atom.mustache` show. Every string is plain text: the templates'
/// `{{ }}` escapes it for XML (entry contents are HTML, escaped once more, as both formats expect).
struct FeedView {
    let language: String
    let feedID: String
    let feedTitle: String
    let feedDescription: String
    let selfHref: String
    let homeHref: String
    let authorName: String
    /// RFC 3339 (Atom) and RFC 822 (RSS) forms of the latest entry's activity.
    let feedUpdated: String
    let feedBuildDate: String
    let entries: [FeedEntryView]
}

struct FeedEntryView {
    let entryID: String
    let entryTitle: String
    let entryHref: String
    let entryPublished: String
    let entryUpdated: String
    let entryPubDate: String
    let entryContent: String
    // For ordering only.
    let publishedAt: Date
    let updatedAt: Date
}

/// The HTML body of an entry (`content.mustache`): facts, then the updates newest first.
struct FeedContentView {
    let facts: [FeedFactView]
    let details: BodyView?
    let updates: [UpdateView]
    let hasUpdates: Bool
    let t: [String: String]
}

struct FeedFactView {
    let factLabel: String
    let factValue: String
}

/// Builds the view of one feed in one language.
struct FeedBuilder {
    let renderer: FeedRenderer
    let localizer: Localizer
    let directory: ComponentDirectory
    let now: Date

    var urls: SiteURLs { renderer.pages.urls }
    var language: LanguageCode { localizer.language }

    func entry(for incident: Incident) throws -> FeedEntryView {
        let view = IncidentView(incident, directory: directory, localizer: localizer, urls: urls)
        var facts = [fact("status_label", view.incidentStatus), fact("impact_label", view.impact.label)]
        if view.hasAffected { facts.append(fact("affected_label", localizer.list(view.affected.map(\.text)))) }
        let content = FeedContentView(facts: facts, details: nil, updates: view.updates, hasUpdates: view.hasUpdates,
                                      t: localizer.strings.values)
        let updated = ([incident.startedAt, incident.resolvedAt].compactMap { $0 } + incident.updates.map(\.createdAt)).max()
            ?? incident.startedAt
        return try entry(path: "/incidents/\(incident.id)", title: view.title, status: view.incidentStatus,
                         published: incident.startedAt, updated: updated, content: content)
    }

    /// A published postmortem is an item of its own: readers who saw the incident learn that the
    /// explanation is out. Its id is the incident's with `/postmortem`; its link the page's section.
    func postmortemEntry(for incident: Incident) throws -> FeedEntryView? {
        guard let postmortem = incident.postmortem else { return nil }
        let content = FeedContentView(facts: [], details: localizer.body(postmortem.body), updates: [], hasUpdates: false,
                                      t: localizer.strings.values)
        return try entry(path: "/incidents/\(incident.id)#postmortem", idPath: "/incidents/\(incident.id)/postmortem",
                         title: localizer.title(incident.title), status: localizer["postmortem_heading"],
                         published: postmortem.publishedAt, updated: postmortem.lastPublishedAt, content: content)
    }

    func entry(for maintenance: Maintenance) throws -> FeedEntryView {
        let view = MaintenanceView(maintenance, now: now, directory: directory, localizer: localizer, urls: urls)
        var facts = [fact("status_label", view.maintenanceStatus.label),
                     fact("window_label", view.window.start + view.window.separator + view.window.end)]
        if view.hasAffected { facts.append(fact("affected_label", localizer.list(view.affected.map(\.text)))) }
        let content = FeedContentView(facts: facts, details: view.description, updates: [], hasUpdates: false,
                                      t: localizer.strings.values)
        let updated = Self.lastActivity(of: maintenance, at: now)
        return try entry(path: "/maintenance/\(maintenance.id)", title: view.title, status: view.maintenanceStatus.label,
                         published: maintenance.createdAt, updated: updated, content: content)
    }

    /// The latest of what has happened to a window by `now`: announced, started, ended, cancelled.
    static func lastActivity(of maintenance: Maintenance, at now: Date) -> Date {
        var moments = [maintenance.createdAt]
        if let cancelledAt = maintenance.cancelledAt, cancelledAt <= now {
            moments.append(cancelledAt)
            // A window cancelled while running did start.
            if maintenance.startsAt < cancelledAt { moments.append(maintenance.startsAt) }
        } else {
            moments += [maintenance.startsAt, maintenance.actualEnd].filter { $0 <= now }
        }
        return moments.max() ?? maintenance.createdAt
    }

    func feed(_ address: FeedAddress, component: Component?, entries: [FeedEntryView]) -> FeedView {
        let ordered = entries.sorted { ($0.updatedAt, $0.publishedAt, $0.entryID) > ($1.updatedAt, $1.publishedAt, $1.entryID) }
            .prefix(FeedRenderer.entryLimit)
        let site = localizer.title(renderer.pages.settings.name).text
        let names = ["site": site, "component": component.map { localizer.title($0.name).text } ?? ""]
        // An empty feed still needs a date; the start of today keeps it stable between renders.
        let updated = ordered.first?.updatedAt ?? localizer.dates.calendar.startOfDay(for: now)
        return FeedView(
            language: language.rawValue,
            feedID: urls.absolutePage(language, address.pathWithoutLanguage),
            feedTitle: localizer.format(component == nil ? "feed_title" : "feed_component_title", names),
            feedDescription: localizer.format(component == nil ? "feed_description" : "feed_component_description", names),
            selfHref: urls.absolutePage(language, address.pathWithoutLanguage),
            homeHref: urls.absolutePage(language, "/"),
            authorName: site,
            feedUpdated: FeedDates.rfc3339(updated),
            feedBuildDate: FeedDates.rfc822(updated),
            entries: Array(ordered))
    }

    private func entry(path: String, idPath: String? = nil, title: TextView, status: String, published: Date, updated: Date,
                       content: FeedContentView) throws -> FeedEntryView {
        // The pages show a fallback title with its note; a feed title is plain text, so the note follows it.
        let titleText = title.isFallback ? "\(title.text) (\(title.fallbackNote))" : title.text
        return FeedEntryView(
            // Tag URIs (RFC 4151) dated by the entry's own first day: stable across renders and
            // distinct per language, as the permalink path is.
            entryID: "tag:\(renderer.tagAuthority),\(FeedDates.tagDate(published)):\(urls.page(language, idPath ?? path))",
            entryTitle: localizer.format("feed_entry_title", ["status": status, "title": titleText]),
            entryHref: urls.absolutePage(language, path),
            entryPublished: FeedDates.rfc3339(published),
            entryUpdated: FeedDates.rfc3339(updated),
            entryPubDate: FeedDates.rfc822(updated),
            entryContent: try renderer.renderContent(content),
            publishedAt: published, updatedAt: updated)
    }

    private func fact(_ labelKey: String, _ value: String) -> FeedFactView {
        FeedFactView(factLabel: localizer[labelKey], factValue: value)
    }
}
