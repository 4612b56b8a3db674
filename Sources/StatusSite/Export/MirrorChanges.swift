import Foundation
import StatusModel
import StatusPages
import StatusStore

/// Decides which pages of a mirror a change touched, so a publish re-renders tens of pages
/// instead of the whole history (at 10,000 incidents a full render takes minutes).
///
/// It compares what the pages are made of with the previous export: an incident's page and its
/// archive month change with the incident; a maintenance's with the maintenance or when its
/// window opens or closes; every page when the frame around them (site name, languages, asset
/// versions, the time zone's name) or a component's name changes. Pages that show the present
/// (home, feeds, JSON) are always rendered. A slow sweep re-renders a few old pages each time,
/// so anything this model misses still converges.
struct MirrorChanges {
    /// What the pages were made of at one export.
    struct Inputs {
        var source: MirrorSourceData
        var now: Date
        /// Bytes that every page's frame shows (the error page in each language).
        var frame: [UInt8]
        /// The archive's ends, set once exported: when either moves, every month's links change.
        var firstMonth: YearMonth?, lastMonth: YearMonth?
    }

    /// Old pages re-rendered per export whatever changed.
    static let sweepPerExport = 100

    private var previous: Inputs?
    private var previousFiles: Set<String> = []
    private var sweepOffset = 0

    /// The pages of `paths` to render now, given what they are made of.
    mutating func pagesToRender(_ paths: [StaticExporter.SitePath], inputs: Inputs, calendar: Calendar) -> [StaticExporter.SitePath] {
        guard let previous, previous.frame == inputs.frame,
              Self.pageFacts(previous.source.components) == Self.pageFacts(inputs.source.components) else { return paths }
        var touchedIncidents = Set<Int64>(), touchedMaintenances = Set<Int64>(), touchedMonths = Set<YearMonth>()
        let before = Dictionary(previous.source.incidents.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(inputs.source.incidents.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (id, incident) in after where before[id] != incident {
            touchedIncidents.insert(id)
            touchedMonths.insert(YearMonth(incident.startedAt, calendar: calendar))
            if let old = before[id] { touchedMonths.insert(YearMonth(old.startedAt, calendar: calendar)) }
        }
        for (id, old) in before where after[id] == nil { touchedMonths.insert(YearMonth(old.startedAt, calendar: calendar)) }
        let oldWindows = Dictionary(previous.source.maintenances.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for maintenance in inputs.source.maintenances {
            let old = oldWindows[maintenance.id]
            // A window opening or closing changes its pages without any write.
            guard old != maintenance || maintenance.status(at: previous.now) != maintenance.status(at: inputs.now) else { continue }
            touchedMaintenances.insert(maintenance.id)
            touchedMonths.insert(YearMonth(maintenance.startsAt, calendar: calendar))
            if let old { touchedMonths.insert(YearMonth(old.startsAt, calendar: calendar)) }
        }
        let newWindowIDs = Set(inputs.source.maintenances.map(\.id))
        for old in previous.source.maintenances where !newWindowIDs.contains(old.id) {
            touchedMonths.insert(YearMonth(old.startsAt, calendar: calendar))
        }
        // The newest and oldest month link to their neighbours: when either end moves, every month changes.
        let months = Self.months(in: paths)
        let monthsMoved = months.min() != previous.firstMonth || months.max() != previous.lastMonth

        var chosen: [StaticExporter.SitePath] = []
        var sweepCandidates: [Int] = []
        for (index, path) in paths.enumerated() {
            let touched: Bool
            switch path.kind {
            case .current, .fallback: touched = true
            case .incident(let id): touched = touchedIncidents.contains(id)
            case .maintenance(let id): touched = touchedMaintenances.contains(id)
            case .month(let month): touched = monthsMoved || touchedMonths.contains(month)
            }
            if touched || !previousFiles.contains(path.file) {
                chosen.append(path)
            } else {
                sweepCandidates.append(index)
            }
        }
        if !sweepCandidates.isEmpty {
            let count = min(Self.sweepPerExport, sweepCandidates.count)
            for step in 0..<count {
                chosen.append(paths[sweepCandidates[(sweepOffset + step) % sweepCandidates.count]])
            }
            sweepOffset = (sweepOffset + count) % sweepCandidates.count
        }
        return chosen
    }

    /// The export of `paths` made from `inputs` reached the target.
    mutating func exported(_ paths: [StaticExporter.SitePath], inputs: Inputs) {
        var recorded = inputs
        let months = Self.months(in: paths)
        recorded.firstMonth = months.min()
        recorded.lastMonth = months.max()
        previous = recorded
        previousFiles = Set(paths.map(\.file))
    }

    static func months(in paths: [StaticExporter.SitePath]) -> [YearMonth] {
        paths.compactMap { path in if case .month(let month) = path.kind { month } else { nil } }
    }

    /// What of a component every page may show: its status is shown only by pages that are
    /// always rendered, so a status change alone does not re-render the history.
    static func pageFacts(_ components: [Component]) -> [Component] {
        components.map { component in
            var facts = component
            facts.status = .operational
            return facts
        }
    }
}
