import Foundation
import SiteSettings
import StatusModel
@testable import StatusApplication
import StatusStore
import Testing

@Suite("Publishing: permissions, validation, audit, cache invalidation")
struct StaffPublishingTests {
    let fixture: StoreFixture
    let changes = ChangeCounter()
    let publishing: Publishing
    let editor = Actor(kind: .user, id: 1, name: "Eva", role: .editor)
    let admin = Actor(kind: .user, id: 2, name: "Adam", role: .admin)

    init() throws {
        fixture = try StoreFixture()
        let changes = changes
        publishing = Publishing(store: fixture.store, settings: .defaults, onChange: { _ in changes.bump() })
    }

    func component(_ slug: String) throws -> Component {
        try publishing.createComponent(ComponentDraft(slug: slug, name: .both(slug, slug)), by: admin, at: testNow)
    }

    @Test func editorsPublishButCannotManageComponents() throws {
        let login = try component("login")
        #expect(throws: PublishingError.forbidden) {
            try publishing.createComponent(ComponentDraft(slug: "x", name: .both("x", "x")), by: editor, at: testNow)
        }
        #expect(throws: PublishingError.forbidden) { try publishing.deleteComponent(id: login.id, force: true, by: editor, at: testNow) }
        #expect(throws: PublishingError.forbidden) { try publishing.moveComponent(id: login.id, up: true, by: editor, at: testNow) }
        #expect(throws: PublishingError.forbidden) { try publishing.createGroup(GroupDraft(name: .both("g", "g")), by: editor, at: testNow) }
        let incident = try publishing.createIncident(
            IncidentDraft(title: .both("Nere", "Down"), body: .both("Vi undersöker.", "Investigating."), impact: .major,
                          componentChanges: [ComponentStatusChange(componentID: login.id, status: .majorOutage)]),
            by: editor, at: testNow)
        #expect(try fixture.store.component(id: login.id)?.status == .majorOutage)
        try publishing.setComponentStatus(componentID: login.id, status: .partialOutage, by: editor, at: testNow)
        _ = try publishing.resolve(incidentID: incident.id, body: .both("Löst.", "Resolved."), componentChanges: [], by: editor,
                                   at: testNow.addingTimeInterval(600))
        #expect(try fixture.store.component(id: login.id)?.status == .operational)
        #expect(try fixture.store.incident(id: incident.id)?.status == .resolved)
    }

    @Test func validationErrorsSurfaceAndNothingIsWritten() throws {
        let auditBefore = try fixture.store.auditEntries(before: nil, limit: 100).count
        let changesBefore = changes.count
        #expect(throws: PublishingError.validation([FieldError(field: "title.sv", code: .required),
                                                    FieldError(field: "components", code: .unknownComponent)])) {
            try publishing.createIncident(
                IncidentDraft(title: LocalizedText(), body: .both("b", "b"), impact: .minor,
                              componentChanges: [ComponentStatusChange(componentID: 42, status: .majorOutage)]),
                by: editor, at: testNow)
        }
        #expect(throws: PublishingError.validation([FieldError(field: "ends_at", code: .endBeforeStart)])) {
            try publishing.createMaintenance(MaintenanceDraft(title: .both("m", "m"), startsAt: testNow, endsAt: testNow), by: editor,
                                             at: testNow)
        }
        #expect(throws: PublishingError.notFound("incident 77")) {
            try publishing.addUpdate(incidentID: 77, UpdateDraft(status: .identified, body: .both("b", "b")), by: editor, at: testNow)
        }
        #expect(try fixture.store.auditEntries(before: nil, limit: 100).count == auditBefore)
        #expect(changes.count == changesBefore)
        #expect(try fixture.store.incidentIDs().isEmpty)
    }

    @Test func onChangeFollowsEachSuccessfulWriteOnly() throws {
        let login = try component("login")
        #expect(changes.count == 1)
        let incident = try publishing.createIncident(IncidentDraft(title: .both("a", "a"), body: .both("b", "b"), impact: .minor),
                                                     by: editor, at: testNow)
        #expect(changes.count == 2)
        let update = try publishing.addUpdate(incidentID: incident.id, UpdateDraft(status: .identified, body: .both("c", "c")),
                                              by: editor, at: testNow.addingTimeInterval(60))
        try publishing.editUpdate(updateID: update.id, body: .both("c!", "c!"), by: editor, at: testNow.addingTimeInterval(120))
        try publishing.deleteUpdate(updateID: update.id, by: editor, at: testNow.addingTimeInterval(180))
        _ = try publishing.updateIncident(id: incident.id, title: .both("A", "A"), impact: .major, by: editor, at: testNow)
        #expect(changes.count == 6)
        let maintenance = try publishing.createMaintenance(
            MaintenanceDraft(title: .both("m", "m"), startsAt: testNow.addingTimeInterval(3600), endsAt: testNow.addingTimeInterval(7200),
                             componentIDs: [login.id]), by: editor, at: testNow)
        try publishing.extendMaintenance(id: maintenance.id, endsAt: testNow.addingTimeInterval(9000), by: editor, at: testNow)
        try publishing.cancelMaintenance(id: maintenance.id, by: editor, at: testNow)
        #expect(changes.count == 9)
        // Failures: a cancelled maintenance cannot be completed; an in-use component is not deleted without force.
        #expect(throws: PublishingError.self) { try publishing.completeMaintenance(id: maintenance.id, by: editor, at: testNow) }
        #expect(throws: PublishingError.self) { try publishing.deleteComponent(id: login.id, force: false, by: admin, at: testNow) }
        #expect(changes.count == 9)
        try publishing.deleteComponent(id: login.id, force: true, by: admin, at: testNow)
        #expect(changes.count == 10)
    }

    @Test func componentsAndGroupsThroughPublishing() throws {
        let group = try publishing.createGroup(GroupDraft(name: .both("Bank", "Banking")), by: admin, at: testNow)
        let sync = try publishing.createComponent(ComponentDraft(slug: "bank-sync", groupID: group.id, name: .both("Synk", "Sync")),
                                                  by: admin, at: testNow)
        #expect(throws: PublishingError.validation([FieldError(field: "slug", code: .duplicate)])) {
            try publishing.createComponent(ComponentDraft(slug: "bank-sync", name: .both("x", "x")), by: admin, at: testNow)
        }
        try publishing.updateComponent(id: sync.id, ComponentDraft(slug: "bank-sync", groupID: group.id, name: .both("Banksynk", "Bank sync"),
                                                                   isHidden: true), by: admin, at: testNow)
        #expect(try fixture.store.component(id: sync.id)?.isHidden == true)
        try publishing.updateGroup(id: group.id, GroupDraft(name: .both("Bankkoppling", "Bank link"), isCollapsed: true), by: admin,
                                   at: testNow)
        try publishing.moveGroup(id: group.id, up: true, by: admin, at: testNow)
        try publishing.deleteGroup(id: group.id, by: admin, at: testNow)
        #expect(try fixture.store.component(id: sync.id)?.groupID == nil)
        #expect(throws: PublishingError.notFound("group \(group.id)")) {
            try publishing.updateGroup(id: group.id, GroupDraft(name: .both("x", "x")), by: admin, at: testNow)
        }
    }

    @Test func templatesAreValidatedAndDoNotInvalidatePages() throws {
        let before = changes.count
        let saved = try publishing.saveTemplate(id: nil, name: "Bank", title: .both("Bank", "Bank"), body: .both("Försenad", "Delayed"),
                                                by: editor, at: testNow)
        _ = try publishing.saveTemplate(id: saved.id, name: "Bank sync", title: .both("Bank", "Bank"), body: .both("x", "y"), by: editor,
                                        at: testNow)
        #expect(throws: PublishingError.validation([FieldError(field: "body.sv", code: .required)])) {
            try publishing.saveTemplate(id: nil, name: "Empty", title: LocalizedText(), body: LocalizedText(), by: editor, at: testNow)
        }
        try publishing.deleteTemplate(id: saved.id, by: editor, at: testNow)
        #expect(changes.count == before)
        #expect(try fixture.store.templates().isEmpty)
    }

    @Test func theAuditLogNamesWhoDidWhat() throws {
        let incident = try publishing.createIncident(IncidentDraft(title: .both("a", "a"), body: .both("b", "b"), impact: .minor),
                                                     by: editor, at: testNow)
        let entry = try #require(try fixture.store.auditEntries(before: nil, limit: 1).first)
        #expect(entry.actor == editor && entry.action == "incident.create" && entry.entityID == incident.id && entry.at == testNow)
        #expect(entry.before == nil && entry.after?.contains("\"title\":{\"en\":\"a\",\"sv\":\"a\"}") == true)
    }
}
