import Foundation
import Testing
@testable import StatusStore
import StatusModel

@Suite("Staff data and the audit log")
struct StaffStoreTests {
    let editor = Actor(kind: .user, id: 7, name: "Eva", role: .editor)

    func newestEntry(_ store: StatusStore) throws -> AuditEntry? {
        try store.auditEntries(before: nil, limit: 1).first
    }

    @Test func everyWriteKindLeavesOneAuditRowWithBeforeAndAfter() throws {
        try withStore { store in
            var expected: [String] = []
            func wrote(_ action: String, _ body: () throws -> Void) throws {
                try body()
                expected.append(action)
                let newest = try newestEntry(store)
                #expect(newest?.action == action)
                #expect(newest?.after != nil || newest?.before != nil, "\(action) has neither before nor after")
            }
            var group: ComponentGroup?
            try wrote("group.create") { group = try store.createGroup(name: text("G", "G"), by: testActor) }
            var login: Component?
            try wrote("component.create") { login = try store.makeComponent("login") }
            let loginID = try #require(login?.id), groupID = try #require(group?.id)
            try wrote("component.status") { try store.setComponentStatus(id: loginID, status: .degradedPerformance, at: day(1), by: editor) }
            try wrote("component.update") {
                try store.updateComponent(id: loginID, slug: "sign-in", groupID: groupID, name: text("In", "In"),
                                          description: LocalizedText(), isHidden: false, at: day(1), by: testActor)
            }
            var incident: Incident?
            try wrote("incident.create") {
                incident = try store.createIncident(title: text("A", "A"), impact: .minor, status: .investigating, body: text("b", "b"),
                                                    componentChanges: [], at: day(2), by: editor)
            }
            let incidentID = try #require(incident?.id)
            var update: IncidentUpdate?
            try wrote("update.create") {
                update = try store.addUpdate(incidentID: incidentID, status: .identified, body: text("c", "c"), componentChanges: [],
                                             at: day(2, hour: 1), by: editor)
            }
            let updateID = try #require(update?.id)
            try wrote("update.edit") { try store.editUpdate(id: updateID, body: text("c2", "c2"), at: day(2, hour: 2), by: editor) }
            try wrote("update.delete") { try store.deleteUpdate(id: updateID, at: day(2, hour: 3), by: editor) }
            try wrote("incident.resolve") {
                _ = try store.addUpdate(incidentID: incidentID, status: .resolved, body: text("d", "d"), componentChanges: [],
                                        at: day(3), by: editor)
            }
            var maintenance: Maintenance?
            try wrote("maintenance.create") {
                maintenance = try store.createMaintenance(title: text("M", "M"), body: LocalizedText(), startsAt: day(10), endsAt: day(11),
                                                          componentIDs: [loginID], createdAt: day(3), by: editor)
            }
            let maintenanceID = try #require(maintenance?.id)
            try wrote("maintenance.extend") { try store.extendMaintenance(id: maintenanceID, endsAt: day(12), at: day(4), by: editor) }
            try wrote("maintenance.cancel") { try store.cancelMaintenance(id: maintenanceID, at: day(5), by: editor) }
            try wrote("user.add") { _ = try store.addUser(email: "a@b.se", name: "A", role: .admin, passwordHash: "h", at: day(1), by: testActor) }
            try wrote("template.create") {
                _ = try store.createTemplate(name: "Bank", title: text("t", "t"), body: text("b", "b"), at: day(1), by: editor)
            }
            try wrote("token.create") {
                _ = try store.createToken(name: "ci", role: .editor, hash: "abc", prefix: "ds_x", at: day(1), by: testActor)
            }
            try wrote("group.delete") { try store.deleteGroup(id: groupID, at: day(6), by: testActor) }
            try wrote("component.delete") { try store.deleteComponent(id: loginID, force: true, at: day(6), by: testActor) }

            let all = try store.auditEntries(before: nil, limit: 100)
            #expect(all.map(\.action) == expected.reversed())
            let cancel = try #require(all.first { $0.action == "maintenance.cancel" })
            #expect(cancel.actor == editor && cancel.entityType == "maintenance" && cancel.entityID == maintenanceID)
            #expect(cancel.at == day(5))
            #expect(cancel.before?.contains("\"cancelled_at\":null") == true)
            #expect(cancel.after?.contains("\"cancelled_at\":\"2026-01-06T00:00:00.000Z\"") == true)
            let edit = try #require(all.first { $0.action == "update.edit" })
            #expect(edit.before?.contains("\"en\":\"c\"") == true && edit.after?.contains("\"en\":\"c2\"") == true)
            // Paging: newest first, `before` continues below the last id seen.
            let page = try store.auditEntries(before: all[2].id, limit: 2)
            #expect(page.map(\.id) == [all[3].id, all[4].id])
        }
    }

    @Test func aFailedWriteLeavesNoAuditRow() throws {
        try withStore { store in
            let before = try store.auditEntries(before: nil, limit: 100).count
            #expect(throws: StoreError.self) {
                try store.createIncident(title: text("a", "a"), impact: .minor, status: .investigating, body: LocalizedText(),
                                         componentChanges: [ComponentStatusChange(componentID: 99, status: .majorOutage)],
                                         at: day(1), by: testActor)
            }
            #expect(throws: StoreError.self) { try store.cancelMaintenance(id: 5, at: day(1), by: testActor) }
            _ = try store.addUser(email: "a@b.se", name: "A", role: .admin, passwordHash: "h", at: day(1), by: testActor)
            #expect(throws: StoreError.conflict("a staff account with email a@b.se already exists")) {
                try store.addUser(email: "A@B.SE", name: "A", role: .admin, passwordHash: "h", at: day(1), by: testActor)
            }
            #expect(try store.auditEntries(before: nil, limit: 100).count == before + 1)
        }
    }

    @Test func usersAndSessionsRoundTrip() throws {
        try withStore { store in
            let user = try store.addUser(email: " Ann@Example.com", name: "Ann", role: .editor, passwordHash: "hash1", at: day(1),
                                         by: testActor)
            #expect(user.email == "ann@example.com")
            #expect(try store.user(email: "ANN@example.com") == user)
            #expect(try store.credentials(email: "ann@example.com")?.passwordHash == "hash1")
            #expect(try store.users() == [user])

            try store.createSession(idHash: "s1", userID: user.id, csrfSecret: "c1", at: day(1), by: testActor)
            try store.createSession(idHash: "s2", userID: user.id, csrfSecret: "c2", at: day(1), by: testActor)
            let session = try #require(try store.session(idHash: "s1"))
            #expect(session.user == user && session.csrfSecret == "c1" && session.createdAt == day(1))
            try store.touchSession(idHash: "s1", at: day(1, hour: 1))
            #expect(try store.session(idHash: "s1")?.lastSeenAt == day(1, hour: 1))
            try store.deleteSession(idHash: "s1", at: day(1), by: testActor)
            #expect(try store.session(idHash: "s1") == nil)

            // A new password ends every session.
            try store.setPasswordHash(userID: user.id, passwordHash: "hash2", at: day(2), by: testActor)
            #expect(try store.session(idHash: "s2") == nil)
            #expect(try store.credentials(email: "ann@example.com")?.passwordHash == "hash2")
            #expect(try store.auditEntries(before: nil, limit: 100).allSatisfy { !($0.after ?? "").contains("hash2") })

            let updated = try store.updateUser(id: user.id, name: "Ann B", role: .admin, at: day(2), by: testActor)
            #expect(updated.role == .admin && updated.name == "Ann B")
            try store.createSession(idHash: "s3", userID: user.id, csrfSecret: "c3", at: day(2), by: testActor)
            try store.removeUser(id: user.id, at: day(3), by: testActor)
            #expect(try store.session(idHash: "s3") == nil)
            #expect(try store.user(id: user.id) == nil)
        }
    }

    @Test func tokensRoundTripAndRevoke() throws {
        try withStore { store in
            let token = try store.createToken(name: "monitoring", role: .editor, hash: "h1", prefix: "ds_abcd", at: day(1), by: testActor)
            #expect(try store.token(hash: "h1") == token)
            #expect(try store.token(name: "monitoring") == token)
            #expect(throws: StoreError.self) {
                try store.createToken(name: "monitoring", role: .admin, hash: "h2", prefix: "ds_efgh", at: day(1), by: testActor)
            }
            try store.touchToken(id: token.id, at: day(2))
            #expect(try store.token(id: token.id)?.lastUsedAt == day(2))
            try store.revokeToken(id: token.id, at: day(3), by: testActor)
            #expect(try store.token(hash: "h1")?.revokedAt == day(3))
            #expect(try store.token(name: "monitoring") == nil)
            #expect(throws: StoreError.conflict("token \(token.id) is already revoked")) {
                try store.revokeToken(id: token.id, at: day(4), by: testActor)
            }
            // A revoked name can be reused.
            _ = try store.createToken(name: "monitoring", role: .admin, hash: "h3", prefix: "ds_ijkl", at: day(5), by: testActor)
            #expect(try store.tokens().count == 2)
        }
    }

    @Test func idempotencyRecordsKeepTheFirstAnswer() throws {
        try withStore { (store: StatusStore) throws in
            let record = IdempotencyRecord(principal: "token:1", key: "k", fingerprint: "f", responseStatus: 201,
                                           contentType: "application/json", responseBody: Array("{\"id\":1}".utf8), createdAt: day(1))
            #expect(try store.saveIdempotencyRecord(record))
            let second = IdempotencyRecord(principal: "token:1", key: "k", fingerprint: "g", responseStatus: 500,
                                           contentType: "text/plain", responseBody: [], createdAt: day(1))
            #expect(try !store.saveIdempotencyRecord(second))
            #expect(try store.idempotencyRecord(key: "k", principal: "token:1") == record)
            #expect(try store.idempotencyRecord(key: "k", principal: "token:2") == nil)
            #expect(try store.deleteIdempotencyRecords(createdBefore: day(2)) == 1)
        }
    }

    @Test func templatesRoundTrip() throws {
        try withStore { store in
            let created = try store.createTemplate(name: "Bank", title: text("Bank", "Bank"), body: text("Försenad", "Delayed"),
                                                   at: day(1), by: testActor)
            #expect(try store.template(id: created.id) == created)
            let renamed = try store.updateTemplate(id: created.id, name: "Bank sync", title: LocalizedText([.english: "Bank"]),
                                                   body: text("x", "y"), at: day(2), by: testActor)
            #expect(renamed.name == "Bank sync" && renamed.title.languages == [.english])
            _ = try store.createTemplate(name: "Login", title: LocalizedText(), body: text("l", "l"), at: day(2), by: testActor)
            #expect(try store.templates().map(\.name) == ["Bank sync", "Login"])
            #expect(throws: StoreError.self) {
                try store.createTemplate(name: "Login", title: LocalizedText(), body: text("l", "l"), at: day(2), by: testActor)
            }
            try store.deleteTemplate(id: created.id, at: day(3), by: testActor)
            #expect(try store.templates().map(\.name) == ["Login"])
        }
    }

    @Test func aComponentInUseIsOnlyDeletedWhenForced() throws {
        try withStore { store in
            let login = try store.makeComponent("login")
            let unused = try store.makeComponent("unused")
            _ = try store.createIncident(title: text("a", "a"), impact: .minor, status: .investigating, body: LocalizedText(),
                                         componentChanges: [ComponentStatusChange(componentID: login.id, status: .majorOutage)],
                                         at: day(1), by: testActor)
            #expect(try store.componentUsage(id: login.id) == (incidents: 1, maintenances: 0))
            #expect(throws: StoreError.self) { try store.deleteComponent(id: login.id, force: false, at: day(2), by: testActor) }
            #expect(try store.component(id: login.id) != nil)
            try store.deleteComponent(id: unused.id, force: false, at: day(2), by: testActor)
            try store.deleteComponent(id: login.id, force: true, at: day(2), by: testActor)
            #expect(try store.components().isEmpty)
            #expect(try store.incident(id: 1)?.componentIDs == [])
        }
    }

    @Test func reorderingHidingAndGroups() throws {
        try withStore { store in
            let a = try store.makeComponent("a"), b = try store.makeComponent("b"), c = try store.makeComponent("c")
            try store.moveComponent(id: c.id, up: true, at: day(1), by: testActor)
            #expect(try store.components().map(\.slug) == ["a", "c", "b"])
            try store.moveComponent(id: a.id, up: true, at: day(1), by: testActor)  // already first: no change
            try store.setComponentPosition(id: a.id, position: 9, at: day(1), by: testActor)
            #expect(try store.components().map(\.slug) == ["c", "b", "a"])
            try store.setComponentHidden(id: b.id, isHidden: true, at: day(1), by: testActor)
            #expect(try store.component(id: b.id)?.isHidden == true)
            let first = try store.createGroup(name: text("1", "1"), by: testActor)
            let second = try store.createGroup(name: text("2", "2"), by: testActor)
            try store.moveGroup(id: second.id, up: true, at: day(1), by: testActor)
            #expect(try store.groups().map(\.id) == [second.id, first.id])
            try store.updateGroup(id: first.id, name: text("Ett", "One"), description: text("d", "d"), isCollapsed: true, at: day(1),
                                  by: testActor)
            #expect(try store.group(id: first.id)?.isCollapsed == true)
            #expect(throws: StoreError.self) {
                try store.updateComponent(id: a.id, slug: "b", groupID: nil, name: text("a", "a"), description: LocalizedText(),
                                          isHidden: false, at: day(1), by: testActor)
            }
        }
    }

    @Test func deletingAnUpdateRecomputesTheIncident() throws {
        try withStore { store in
            let login = try store.makeComponent("login")
            let incident = try store.createIncident(title: text("a", "a"), impact: .major, status: .investigating, body: text("1", "1"),
                                                    componentChanges: [ComponentStatusChange(componentID: login.id, status: .majorOutage)],
                                                    at: day(1), by: testActor)
            let resolved = try store.addUpdate(incidentID: incident.id, status: .resolved, body: text("2", "2"), componentChanges: [],
                                               at: day(2), by: testActor)
            #expect(try store.component(id: login.id)?.status == .operational)
            try store.deleteUpdate(id: resolved.id, at: day(3), by: testActor)
            let reopened = try #require(try store.incident(id: incident.id))
            #expect(reopened.status == .investigating && reopened.resolvedAt == nil && reopened.updates.count == 1)
            #expect(try store.component(id: login.id)?.status == .majorOutage)
            #expect(throws: StoreError.self) { try store.deleteUpdate(id: incident.updates[0].id, at: day(3), by: testActor) }
            #expect(try store.activeIncidents().map(\.id) == [incident.id])
        }
    }

    @Test func dashboardListsOnlyLiveMaintenance() throws {
        try withStore { store in
            let past = try store.createMaintenance(title: text("p", "p"), body: LocalizedText(), startsAt: day(1), endsAt: day(2),
                                                   componentIDs: [], createdAt: day(0), by: testActor)
            let now = try store.createMaintenance(title: text("n", "n"), body: LocalizedText(), startsAt: day(4), endsAt: day(6),
                                                  componentIDs: [], createdAt: day(0), by: testActor)
            let later = try store.createMaintenance(title: text("l", "l"), body: LocalizedText(), startsAt: day(8), endsAt: day(9),
                                                    componentIDs: [], createdAt: day(0), by: testActor)
            let cancelled = try store.createMaintenance(title: text("c", "c"), body: LocalizedText(), startsAt: day(8), endsAt: day(9),
                                                        componentIDs: [], createdAt: day(0), by: testActor)
            try store.cancelMaintenance(id: cancelled.id, at: day(3), by: testActor)
            #expect(try store.activeAndUpcomingMaintenances(now: day(5)).map(\.id) == [now.id, later.id])
            #expect(!(try store.activeAndUpcomingMaintenances(now: day(5)).map(\.id).contains(past.id)))
        }
    }
}
