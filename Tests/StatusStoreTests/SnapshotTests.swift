import Foundation
import Synchronization
import Testing
import GRDB
@testable import StatusStore
import StatusModel

@Suite("Snapshots")
struct SnapshotTests {
    @Test func containsExactlyTheWindowsIncidentsAndMaintenances() throws {
        try withStore { store in
            let sync = try store.makeComponent("bank-sync")
            // 2,000 resolved incidents long before the window, 2.4 hours apart, seeded in one
            // transaction (2,000 separate commits would spend most of the test in fsync).
            try store.rawExecute("""
                BEGIN;
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999)
                INSERT INTO incident (id, impact, status, started_at, resolved_at)
                SELECT 100000 + i, 'minor', 'resolved', \(day(-400).storeMillis) + i * 8640000,
                       \(day(-400).storeMillis) + i * 8640000 + 3600000 FROM n;
                INSERT INTO incident_update (incident_id, status, created_at)
                SELECT id, 'resolved', resolved_at FROM incident WHERE id >= 100000;
                INSERT INTO localized_text (owner_type, owner_id, field, language, body)
                SELECT 'incident', id, 'title', 'en', 'Old ' || id FROM incident WHERE id >= 100000;
                COMMIT;
                """)
            let windowStart = day(100), now = day(190)
            func incident(_ name: String, from start: Date, resolvedAt end: Date?) throws -> Int64 {
                let created = try store.createIncident(title: text(name, name), impact: .major, status: .investigating,
                                                       body: text("b", "b"),
                                                       componentChanges: [ComponentStatusChange(componentID: sync.id, status: .partialOutage)],
                                                       at: start, by: testActor)
                if let end {
                    _ = try store.addUpdate(incidentID: created.id, status: .resolved, body: LocalizedText(), componentChanges: [], at: end, by: testActor)
                }
                return created.id
            }
            let endedBefore = try incident("ended before", from: day(90), resolvedAt: day(99))
            let spanningStart = try incident("spanning start", from: day(95), resolvedAt: day(105))
            let inside = try incident("inside", from: day(150), resolvedAt: day(151))
            let ancientButOpen = try incident("ancient, still open", from: day(-500), resolvedAt: nil)
            let openNow = try incident("open now", from: day(189), resolvedAt: nil)

            func maintenance(_ name: String, _ start: Date, _ end: Date) throws -> Int64 {
                try store.createMaintenance(title: text(name, name), body: LocalizedText(), startsAt: start, endsAt: end,
                                            componentIDs: [sync.id], createdAt: day(0), by: testActor).id
            }
            let oldWindow = try maintenance("old", day(50), day(51))
            let completedEarlyBefore = try maintenance("completed early", day(98), day(102))
            try store.completeMaintenance(id: completedEarlyBefore, at: day(99), by: testActor)
            let overlapping = try maintenance("overlapping", day(99), day(101))
            let running = try maintenance("running", day(189), day(191))
            let upcoming = try maintenance("upcoming", day(200), day(201))
            let cancelledUpcoming = try maintenance("cancelled", day(210), day(211))
            try store.cancelMaintenance(id: cancelledUpcoming, at: day(180), by: testActor)

            let snapshot = try store.snapshot(windowStart: windowStart, now: now)
            #expect(Set(snapshot.incidents.map(\.id)) == [spanningStart, inside, ancientButOpen, openNow])
            #expect(snapshot.incidents.map(\.id) == [openNow, inside, spanningStart, ancientButOpen], "newest first")
            #expect(!snapshot.incidents.map(\.id).contains(endedBefore))
            #expect(snapshot.incidents.allSatisfy { !$0.updates.isEmpty && $0.componentIDs == [sync.id] })
            #expect(snapshot.maintenances.map(\.id) == [overlapping, running, upcoming, cancelledUpcoming])
            #expect(!snapshot.maintenances.map(\.id).contains(oldWindow))
            #expect(snapshot.components.map(\.id) == [sync.id])
            #expect(snapshot.windowStart == windowStart && snapshot.takenAt == now)

            // The archive query sees the old ones, month by month.
            #expect(try store.incidents(startedFrom: day(-400), before: day(-399)).count == 10)
            #expect(try store.incidentIDs().count == 2_005)
        }
    }

    @Test func snapshotQueriesUseIndexes() throws {
        try withStore { store in
            let details = try store.planDetails(StatusStore.snapshotIncidentsSQL, arguments: [1, 2])
                + store.planDetails("SELECT * FROM maintenance WHERE " + StatusStore.snapshotMaintenancesWhereSQL, arguments: [1, 1])
            #expect(!details.contains { $0.hasPrefix("SCAN") }, "full scans: \(details)")
        }
    }

    @Test func readsRunWhileWriting() throws {
        try withStore { store in
            let sync = try store.makeComponent("bank-sync")
            let failures = Mutex<[String]>([])
            let writes = 150
            DispatchQueue.concurrentPerform(iterations: 3) { worker in
                do {
                    if worker == 0 {
                        for index in 0..<writes {
                            _ = try store.createIncident(title: text("\(index)", "\(index)"), impact: .minor, status: .investigating,
                                                         body: text("b", "b"),
                                                         componentChanges: [ComponentStatusChange(componentID: sync.id, status: .degradedPerformance)],
                                                         at: day(Double(index) / 100), by: testActor)
                        }
                    } else {
                        var seen = 0
                        while seen < writes {
                            let snapshot = try store.snapshot(windowStart: day(0), now: day(10))
                            // Each snapshot is consistent: every incident arrives with its first update.
                            if snapshot.incidents.contains(where: { $0.updates.count != 1 }) {
                                failures.withLock { $0.append("incident without its update") }
                            }
                            if snapshot.incidents.count < seen { failures.withLock { $0.append("went back in time") } }
                            seen = snapshot.incidents.count
                        }
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            #expect(try store.incidentIDs().count == writes)
        }
    }
}

@Suite("Snapshot query plan")
struct SnapshotQueryPlanTests {
    /// The page's render time must not grow with history: both halves of the snapshot query read
    /// through the `resolved_at` index (the open incidents and the last 90 days), never the
    /// `started_at` index, which would walk every incident ever started before now.
    @Test func bothHalvesUseTheResolvedAtIndex() throws {
        try withStore { store in
            let plan = try store.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + StatusStore.snapshotIncidentsSQL, arguments: [0, 1])
                    .map { $0["detail"] as String }
            }
            let searches = plan.filter { $0.contains("incident") && ($0.hasPrefix("SEARCH") || $0.hasPrefix("SCAN")) }
            #expect(searches.count == 2, "\(plan)")
            #expect(searches.allSatisfy { $0.contains("incident_by_resolved_at") }, "\(plan)")
        }
    }
}
