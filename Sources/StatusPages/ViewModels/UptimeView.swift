import Foundation
import StatusModel

/// A component's 90 days as bars (hidden from screen readers) plus one sentence saying the same.
struct UptimeView {
    /// The bars as escaped markup. Built here rather than in the template: 90 bars times every
    /// component made the template engine's per-field lookups most of a home page render.
    /// Only the newest 30 bars show on narrow screens (`bar--old` hides the rest).
    let barsHTML: String
    let percentText: String
    let summary: String
    let startLabel: String
    let startLabelShort: String
    let endLabel: String

    static let days = 90
    static let recentDays = 30

    init(history: [DayUptime], localizer: Localizer) {
        let dates = localizer.dates
        barsHTML = history.enumerated().map { index, day in
            let old = index >= history.count - Self.recentDays ? "" : " bar--old"
            return "<span class=\"bar bar--\(day.kind.rawValue)\(old)\" title=\"\(HTML.escape(Self.tooltip(day, localizer)))\"></span>"
        }.joined()
        let percentage = UptimeCalculator.percentage(of: history)
        let percent = percentage.map(localizer.percent)
        percentText = percent.map { localizer.format("uptime_value", ["percent": $0]) } ?? localizer["uptime_no_data"]

        var sentences: [String] = []
        if let percent {
            sentences.append(localizer.format("uptime_summary", ["days": String(history.count), "percent": percent]))
            let troubled = history.filter { [.degradedPerformance, .partialOutage, .majorOutage].contains($0.kind) }
            if troubled.isEmpty {
                sentences.append(localizer["uptime_no_disruptions"])
            } else {
                let items = troubled.map { "\(dates.dayShort($0.day)) (\(localizer[UIKey.dayKind($0.kind)]))" }
                sentences.append(localizer.format("uptime_disruptions", ["days": localizer.list(items)]))
            }
            let missing = history.filter { $0.kind == .noData }.count
            if missing > 0 { sentences.append(localizer.format("uptime_missing_days", ["count": String(missing)])) }
        } else {
            sentences.append(localizer.format("uptime_summary_no_data", ["days": String(history.count)]))
        }
        summary = sentences.joined(separator: " ")
        startLabel = localizer.format("uptime_days_ago", ["days": String(history.count)])
        startLabelShort = localizer.format("uptime_days_ago", ["days": String(min(history.count, Self.recentDays))])
        endLabel = localizer["uptime_today"]
    }

    /// "3 november 2026: Delvis avbrott (drifttid 98,5 %)".
    static func tooltip(_ day: DayUptime, _ localizer: Localizer) -> String {
        var what = localizer[UIKey.dayKind(day.kind)]
        if let uptime = day.uptime, uptime < 1 {
            what += " " + localizer.format("uptime_day_tooltip_uptime", ["percent": localizer.percent(uptime)])
        }
        return localizer.format("uptime_day_tooltip", ["date": localizer.dates.day(day.day), "what": what])
    }
}
