import Foundation
import StatusModel
import Testing
import TestSupport
@testable import StatusSite

/// `POST /api/v1/maintenances/{id}/reschedule`: moves a window that has not started, counts a
/// revision (the calendars' SEQUENCE), and refuses what it cannot do with the right status.
@Suite struct APIRescheduleTests {
    @Test func movesAScheduledWindowAndRaisesItsRevision() throws {
        let api = try APITestSite()
        let id = try api.createMaintenance()
        let moved = try api.editor("POST", "/api/v1/maintenances/\(id)/reschedule",
                                   json: #"{"starts_at": "2026-11-28T22:00:00Z", "ends_at": "2026-11-29T02:00:00+01:00", "notify": false}"#)
        #expect(moved.status == 200, "\(moved.text)")
        #expect(moved.json?["maintenance"]?["starts_at"]?.stringValue == "2026-11-28T22:00:00Z")
        #expect(moved.json?["maintenance"]?["ends_at"]?.stringValue == "2026-11-29T01:00:00Z")
        #expect(try api.site.store.maintenance(id: id)?.revision == 1)
        let calendar = try api.site.get("/en/maintenance.ics").text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(calendar.contains("SEQUENCE:1\r\nDTSTART:20261128T220000Z\r\nDTEND:20261129T010000Z"))
    }

    @Test func refusesBadTimesAndWindowsThatStarted() throws {
        let api = try APITestSite()
        let id = try api.createMaintenance()
        let missing = try api.editor("POST", "/api/v1/maintenances/\(id)/reschedule", json: #"{"starts_at": "2026-11-28T22:00:00Z"}"#)
        #expect(missing.status == 422 && missing.fieldErrors.contains("ends_at: required"))
        let backwards = try api.editor("POST", "/api/v1/maintenances/\(id)/reschedule",
                                       json: #"{"starts_at": "2026-11-28T22:00:00Z", "ends_at": "2026-11-28T21:00:00Z"}"#)
        #expect(backwards.status == 422 && backwards.isProblem)
        #expect(try api.editor("POST", "/api/v1/maintenances/999/reschedule",
                               json: #"{"starts_at": "2026-11-28T22:00:00Z", "ends_at": "2026-11-28T23:00:00Z"}"#).status == 404)
        api.site.clock.set(testNow.addingTimeInterval(34 * 3_600))  // 26 November 23:00 UTC: the window is running
        let running = try api.editor("POST", "/api/v1/maintenances/\(id)/reschedule",
                                     json: #"{"starts_at": "2026-12-28T22:00:00Z", "ends_at": "2026-12-28T23:00:00Z"}"#)
        #expect(running.status == 409 && running.isProblem)
        #expect(try api.site.store.maintenance(id: id)?.revision == 0)
    }
}
