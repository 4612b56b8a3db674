import Foundation
import StatusModel
import StatusStore
import Testing
@testable import StatusSite

/// Hostile text in every field ends up as inert text on admin and public pages, or is refused clearly.
@Suite(.serialized) struct AdminHostileInputTests {
    static let script = "<script>alert(1)</script>"
    static let breakout = "\"><img src=x onerror=alert(1)>"
    static let hostile = script + breakout

    func expectInert(_ html: String, _ where_: String) {
        #expect(!html.contains("<script>alert"), "raw script on \(where_)")
        #expect(!html.contains("<img src=x"), "raw img on \(where_)")
    }

    @Test func hostileTextIsShownAsTextEverywhere() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let h = Self.hostile
        // Every text field of every form.
        #expect(try admin.post("/admin/groups/new", [("name.sv", h), ("name.en", h), ("description.sv", h), ("description.en", h)]).status == 303)
        #expect(try admin.post("/admin/components/new", [("slug", "evil"), ("name.sv", h), ("name.en", h), ("description.sv", h),
                                                          ("description.en", h), ("group", "1")]).status == 303)
        let created = try admin.post("/admin/incidents/new", [("title.sv", h), ("title.en", h), ("body.sv", h + "\nline 2"), ("body.en", h),
                                                              ("impact", "major"), ("status", "investigating"), ("component.3", "major_outage"),
                                                              ("action", "publish")])
        #expect(created.status == 303)
        let incident = try #require(try site.store.activeIncidents().first)
        #expect(incident.title[.swedish] == h) // stored exactly as typed
        #expect(try admin.post("/admin/incidents/\(incident.id)/updates", [("status", "identified"), ("body.sv", h), ("body.en", h),
                                                                           ("action", "publish")]).status == 303)
        #expect(try admin.post("/admin/maintenance/new", [("title.sv", h), ("title.en", h), ("body.sv", h), ("body.en", h),
                                                          ("starts_at", "2026-11-26T10:00"), ("ends_at", "2026-11-26T12:00"),
                                                          ("component.3", "1"), ("action", "publish")]).status == 303)
        #expect(try admin.post("/admin/templates/new", [("name", h), ("title.sv", h), ("title.en", h), ("body.sv", h),
                                                        ("body.en", h)]).status == 303)
        #expect(try admin.post("/admin/users", [("email", "x@example.com"), ("name", h), ("role", "editor"),
                                                ("password", "a long enough password")]).status == 303)
        #expect(try admin.post("/admin/tokens", [("name", h), ("role", "editor")]).status == 200)
        // Refused fields echo the hostile text back in the form: still escaped.
        let refused = try admin.post("/admin/users", [("email", h), ("name", h), ("role", "editor"), ("password", h)])
        #expect(refused.status == 422)
        expectInert(refused.text, "refused user form")
        let preview = try admin.post("/admin/incidents/new", [("title.sv", h), ("body.sv", h), ("impact", "minor"),
                                                              ("status", "investigating"), ("action", "preview")])
        expectInert(preview.text, "preview")
        #expect(preview.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

        let maintenance = try #require(try site.store.recentMaintenances(limit: 1).first)
        let template = try #require(try site.store.templates().first)
        let update = try #require(try site.store.incident(id: incident.id)?.updates.last)
        for path in ["/admin/", "/admin/incidents", "/admin/incidents/\(incident.id)", "/admin/maintenance", "/admin/components",
                     "/admin/components/3", "/admin/groups/1", "/admin/templates", "/admin/templates/\(template.id)",
                     "/admin/incidents/new?template=\(template.id)", "/admin/updates/\(update.id)/edit", "/admin/users", "/admin/tokens",
                     "/admin/audit"] {
            let response = try admin.get(path)
            #expect(response.status == 200, "\(path)")
            expectInert(response.text, path)
        }
        for path in ["/sv/", "/en/", "/sv/incidents/\(incident.id)", "/en/incidents/\(incident.id)", "/sv/maintenance/\(maintenance.id)",
                     "/sv/history", "/en/history"] {
            let response = try site.get(path)
            #expect(response.status == 200, "\(path)")
            expectInert(response.text, path)
            #expect(response.text.contains("&lt;script&gt;"), "\(path) shows the text")
        }
    }

    @Test func invalidUTF8AndMalformedFormsAreRefusedWholesale() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let csrf = try admin.csrfToken()
        let before = try site.store.auditEntries(before: nil, limit: 1000).count
        let base = "csrf=\(csrf)&impact=minor&status=investigating&action=publish&body.sv=ok&body.en=ok"
        for title in ["%FF%FE", "abc%C3", "%ED%A0%80", "%E2%82", "bad%zz", "trailing%4"] {
            let response = try admin.postRaw("/admin/incidents/new", body: "\(base)&title.sv=\(title)")
            #expect(response.status == 400, "\(title)")
            #expect(response.text.contains("ogiltig UTF-8") || response.text.contains("Formuläret"), "\(title)")
        }
        let tooMany = try admin.postRaw("/admin/incidents/new", body: base + String(repeating: "&x=1", count: 400))
        #expect(tooMany.status == 400)
        #expect(try site.store.activeIncidents().isEmpty)
        #expect(try site.store.auditEntries(before: nil, limit: 1000).count == before)
        // NUL and other controls in a title: a field error, not a crash or a write.
        let control = try admin.postRaw("/admin/incidents/new", body: "\(base)&title.sv=a%00b&title.en=x")
        #expect(control.status == 422)
        #expect(control.text.contains("Ogiltigt värde"))
    }

    @Test func overlongFieldsGetAClearMessage() throws {
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let long = String(repeating: "å", count: 10_001)
        let response = try admin.post("/admin/incidents/new", [("title.sv", "T"), ("title.en", "T"), ("body.sv", long), ("body.en", "b"),
                                                               ("impact", "minor"), ("status", "investigating"), ("action", "publish")])
        #expect(response.status == 422)
        #expect(response.text.contains("För långt: högst 10000 tecken."))
        let huge = try admin.post("/admin/incidents/new", [("title.sv", String(repeating: "x", count: 60_000))])
        #expect(huge.status == 400)
        #expect(try site.store.activeIncidents().isEmpty)
    }
}

@Suite struct FormDecoderTests {
    @Test func decodesLikeBrowsersEncode() throws {
        let form = try FormDecoder.decode(Array("a=1+2&b=%C3%A5%26%3D&a=second&empty=&flag&=skipped&t=x%0D%0Ay".utf8))
        #expect(form["a"] == "1 2")
        #expect(form.values("a") == ["1 2", "second"])
        #expect(form["b"] == "å&=")
        #expect(form["empty"] == "")
        #expect(form["flag"] == "")
        #expect(form["t"] == "x\ny")
        #expect(form.fields.count == 6)
    }

    @Test func refusesWhatItCannotReadExactly() {
        #expect(throws: FormDecodingError.invalidUTF8) { try FormDecoder.decode(Array("a=%FF%FE".utf8)) }
        #expect(throws: FormDecodingError.invalidUTF8) { try FormDecoder.decode([0x61, 0x3D, 0xC3]) }
        #expect(throws: FormDecodingError.badEscape) { try FormDecoder.decode(Array("a=%G1".utf8)) }
        #expect(throws: FormDecodingError.badEscape) { try FormDecoder.decode(Array("a=%4".utf8)) }
        #expect(throws: FormDecodingError.tooManyFields) {
            try FormDecoder.decode(Array(Array(repeating: "x=1", count: 301).joined(separator: "&").utf8))
        }
        #expect(throws: FormDecodingError.fieldTooLong) {
            try FormDecoder.decode(Array(("a=" + String(repeating: "y", count: 50_000)).utf8))
        }
        #expect(throws: FormDecodingError.tooLarge) { try FormDecoder.decode(Array(repeating: 0x61, count: 600_000)) }
    }
}

@Suite struct FormLimitsTests {
    @Test func configuredLimitsApply() throws {
        let limits = FormLimits(maximumFields: 50, maximumFieldBytes: 1024)
        let fifty = Array(repeating: "x=1", count: 50).joined(separator: "&")
        #expect(try FormDecoder.decode(Array(fifty.utf8), limits: limits).fields.count == 50)
        #expect(throws: FormDecodingError.tooManyFields) { try FormDecoder.decode(Array((fifty + "&y=2").utf8), limits: limits) }
        #expect(throws: FormDecodingError.fieldTooLong) {
            try FormDecoder.decode(Array(("a=" + String(repeating: "z", count: 1025)).utf8), limits: limits)
        }
        #expect(try FormDecoder.decode(Array(("a=" + String(repeating: "z", count: 1024)).utf8), limits: limits).fields.count == 1)
    }
}
