import Foundation
import StatusModel

// The vocabulary the demo content is written in: compact literals that the loader
// turns into StatusStore writes. Times are offsets from "now" in the site's calendar,
// so the demo always looks fresh.

/// Swedish and English text; English may be left out on purpose (the "only in Swedish" demo).
func bilingual(_ swedish: String, _ english: String?) -> LocalizedText {
    var text = LocalizedText([.swedish: swedish])
    text[.english] = english
    return text
}

/// When something started, relative to the moment the demo is loaded.
enum DemoMoment: Sendable {
    /// `days` calendar days before today, at local wall-clock time.
    case daysAgo(Int, hour: Int, minute: Int)
    /// A fixed number of minutes before now (for what is happening right now).
    case minutesAgo(Int)
}

/// "This update sets component `slug` to `status`."
struct DemoChange: Sendable {
    let slug: String
    let status: ComponentStatus

    static func set(_ slug: String, _ status: ComponentStatus) -> DemoChange {
        DemoChange(slug: slug, status: status)
    }
}

struct DemoUpdateScript: Sendable {
    /// Minutes after the incident started; the first update is at 0.
    let after: Int
    let status: IncidentStatus
    let changes: [DemoChange]
    let body: LocalizedText
}

struct DemoIncidentScript: Sendable {
    let start: DemoMoment
    let impact: IncidentImpact
    let title: LocalizedText
    /// Oldest first. A resolved update returns every component the incident touched to
    /// operational unless it says otherwise, so scripts need not repeat that.
    let updates: [DemoUpdateScript]
    /// A postmortem published a few days after the last update.
    var postmortem: LocalizedText? = nil
}

/// Shorthand for one update line in a script.
func update(_ after: Int, _ status: IncidentStatus, _ changes: [DemoChange] = [],
            sv: String, en: String?) -> DemoUpdateScript {
    DemoUpdateScript(after: after, status: status, changes: changes, body: bilingual(sv, en))
}

struct DemoComponentScript: Sendable {
    let slug: String
    let name: LocalizedText
    let description: LocalizedText
    /// Days before today the component was added (its earlier uptime bars show "no data").
    let addedDaysAgo: Int
}

struct DemoGroupScript: Sendable {
    let name: LocalizedText
    let description: LocalizedText
    let components: [DemoComponentScript]
}
