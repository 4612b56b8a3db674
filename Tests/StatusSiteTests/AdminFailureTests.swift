import Foundation
import HTTPServer
import StatusModel
import StatusStore
import Testing
@testable import StatusSite

/// The admin's one error path: each kind of thrown error becomes the message page with its status.
@Suite(.serialized) struct AdminFailureTests {
    struct Bug: Error {}

    let site: TestSite

    init() throws { site = try TestSite(now: testNow) }

    func answer(to error: Error) -> Response {
        let ui = site.application.admin
        let principal = Principal(actor: Actor(kind: .user, id: 1, name: "Ada", role: .admin), sessionID: "s1", csrfToken: "x")
        let admin = AdminRequest(request: Request(method: "POST", path: "/admin/incidents/1/edit"), principal: principal,
                                 language: .english, now: testNow, form: FormData(fields: []), route: .incidentForm(1, .edit),
                                 renderer: ui.renderer)
        return ui.failure(error, admin)
    }

    @Test func eachErrorGetsItsStatus() {
        #expect(answer(to: AdminRefusal.notFound).status == 404)
        #expect(answer(to: StoreError.notFound(kind: "incident", id: 1)).status == 404)
        #expect(answer(to: PublishingError.conflict("taken")).status == 409)
        #expect(answer(to: PublishingError.forbidden).status == 403)
        #expect(answer(to: PublishingError.validation([FieldError(field: "title.en", code: .required)])).status == 400)
        #expect(answer(to: PublishingError.unavailable("disk full")).status == 503)
        #expect(answer(to: StoreError.database("locked")).status == 503)
        #expect(answer(to: PublishingError.unexpected("bug")).status == 500)
        #expect(answer(to: Bug()).status == 500)
        #expect(answer(to: FormDecodingError.tooLarge).status == 413)
        #expect(answer(to: FormDecodingError.badEscape).status == 400)
    }

    @Test func aRefusalSaysWhatToDoAndWhichMethodsAreAllowed() {
        let refused = answer(to: AdminRefusal(405, allow: "POST"))
        #expect(refused.status == 405)
        #expect(refused.headers["Allow"] == "POST")
        let confirm = answer(to: AdminRefusal.confirmationNeeded)
        #expect(confirm.status == 409)
        #expect(String(decoding: confirm.body.bytes, as: UTF8.self).contains("Tick the box to confirm."))
    }
}
