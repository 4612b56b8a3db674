import Foundation
import Testing
@testable import StatusModel

@Suite("Validation of staff drafts")
struct ValidationTests {
    let languages: [LanguageCode] = [.swedish, .english]

    func both(_ sv: String, _ en: String) -> LocalizedText { LocalizedText([.swedish: sv, .english: en]) }

    @Test func rolesAllowWhatTheIssueSays() {
        #expect(Permission.allCases.allSatisfy { StaffRole.admin.allows($0) })
        #expect(StaffRole.editor.allows(.publish))
        for permission in [Permission.manageComponents, .manageUsers, .manageTokens, .viewAudit] {
            #expect(!StaffRole.editor.allows(permission))
        }
        #expect(Actor.system("cli").role == .admin && Actor.system("cli").id == nil)
    }

    @Test func aCompleteIncidentIsValid() {
        let draft = IncidentDraft(title: both("Nere", "Down"), body: both("Vi undersöker.", "We are investigating."),
                                  impact: .major, componentChanges: [ComponentStatusChange(componentID: 1, status: .majorOutage)])
        #expect(draft.validate(languages: languages, knownComponents: [1]).isEmpty)
        #expect(draft.missingTranslations(languages: languages).isEmpty)
    }

    @Test func titleAndBodyAreRequiredInAtLeastOneLanguage() {
        let draft = IncidentDraft(title: LocalizedText(), body: LocalizedText(), impact: .minor)
        #expect(draft.validate(languages: languages, knownComponents: []) == [
            FieldError(field: "title.sv", code: .required), FieldError(field: "body.sv", code: .required),
        ])
        let blank = IncidentDraft(title: LocalizedText([.english: "   "]), body: LocalizedText([.english: "ok"]), impact: .minor)
        #expect(blank.validate(languages: languages, knownComponents: []) == [FieldError(field: "title.en", code: .required)])
    }

    @Test func oneLanguageIsEnoughButTheOtherIsAWarning() {
        let draft = IncidentDraft(title: LocalizedText([.swedish: "Nere"]), body: LocalizedText([.swedish: "Vi tittar."]), impact: .minor)
        #expect(draft.validate(languages: languages, knownComponents: []).isEmpty)
        #expect(draft.missingTranslations(languages: languages) == ["body.en", "title.en"])
        #expect(missingTranslations(["name": LocalizedText([.english: "x"]), "description": LocalizedText()], languages: languages)
                == ["name.sv"])
    }

    @Test func limitsCountCharactersNotBytes() {
        let atLimit = String(repeating: "å", count: TextLimits.title)
        let ok = IncidentDraft(title: LocalizedText([.swedish: atLimit]), body: both("b", "b"), impact: .minor)
        #expect(ok.validate(languages: languages, knownComponents: []).isEmpty)
        let long = IncidentDraft(title: LocalizedText([.swedish: atLimit + "å"]),
                                 body: LocalizedText([.english: String(repeating: "x", count: TextLimits.body + 1)]), impact: .minor)
        #expect(long.validate(languages: languages, knownComponents: []) == [
            FieldError(field: "title.sv", code: .tooLong, limit: 200), FieldError(field: "body.en", code: .tooLong, limit: 10_000),
        ])
        let component = ComponentDraft(slug: "a", name: LocalizedText([.english: String(repeating: "n", count: 101)]),
                                       description: LocalizedText([.english: String(repeating: "d", count: 1_001)]))
        #expect(component.validate(languages: languages, knownGroups: [], takenSlugs: []) == [
            FieldError(field: "name.en", code: .tooLong, limit: 100), FieldError(field: "description.en", code: .tooLong, limit: 1_000),
        ])
    }

    @Test func controlCharactersAreRefusedButLineBreaksAllowedInBodies() {
        let nul = IncidentDraft(title: LocalizedText([.english: "a\u{0}b"]), body: LocalizedText([.english: "line\r\nline\ttab"]),
                                impact: .minor)
        #expect(nul.validate(languages: languages, knownComponents: []) == [FieldError(field: "title.en", code: .invalid)])
        let escape = UpdateDraft(status: .identified, body: LocalizedText([.english: "bell\u{7}"]))
        #expect(escape.validate(languages: languages, knownComponents: []) == [FieldError(field: "body.en", code: .invalid)])
        let newlineTitle = IncidentDraft(title: LocalizedText([.english: "two\nlines"]), body: both("b", "b"), impact: .minor)
        #expect(newlineTitle.validate(languages: languages, knownComponents: []) == [FieldError(field: "title.en", code: .invalid)])
    }

    @Test func languagesTheSiteDoesNotPublishAreNotAllowed() {
        let draft = UpdateDraft(status: .monitoring, body: LocalizedText([.english: "ok", LanguageCode("de")!: "gut"]))
        #expect(draft.validate(languages: languages, knownComponents: []) == [FieldError(field: "body.de", code: .notAllowed)])
    }

    @Test func unknownAndRepeatedComponentsAreRefused() {
        let changes = [ComponentStatusChange(componentID: 1, status: .degradedPerformance),
                       ComponentStatusChange(componentID: 9, status: .majorOutage)]
        let draft = UpdateDraft(status: .identified, body: both("b", "b"), componentChanges: changes)
        #expect(draft.validate(languages: languages, knownComponents: [1]) == [FieldError(field: "components", code: .unknownComponent)])
        let twice = MaintenanceDraft(title: both("t", "t"), startsAt: Date(timeIntervalSince1970: 0),
                                     endsAt: Date(timeIntervalSince1970: 60), componentIDs: [1, 1])
        #expect(twice.validate(languages: languages, knownComponents: [1]) == [FieldError(field: "components", code: .duplicate)])
    }

    @Test func maintenanceMustEndAfterItStartsAndNeedsNoBody() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        let ok = MaintenanceDraft(title: both("t", "t"), startsAt: start, endsAt: start.addingTimeInterval(3600))
        #expect(ok.validate(languages: languages, knownComponents: []).isEmpty)
        for end in [start, start.addingTimeInterval(-1)] {
            let bad = MaintenanceDraft(title: both("t", "t"), startsAt: start, endsAt: end)
            #expect(bad.validate(languages: languages, knownComponents: []) == [FieldError(field: "ends_at", code: .endBeforeStart)])
        }
    }

    @Test func slugsAndGroups() {
        func errors(_ slug: String, group: Int64? = nil) -> [FieldError] {
            ComponentDraft(slug: slug, groupID: group, name: both("n", "n"))
                .validate(languages: languages, knownGroups: [1], takenSlugs: ["login"])
        }
        #expect(errors("bank-sync", group: 1).isEmpty)
        #expect(errors("") == [FieldError(field: "slug", code: .required)])
        #expect(errors("Bank Sync") == [FieldError(field: "slug", code: .invalid)])
        #expect(errors(String(repeating: "a", count: 65)) == [FieldError(field: "slug", code: .tooLong, limit: 64)])
        #expect(errors("login") == [FieldError(field: "slug", code: .duplicate)])
        #expect(errors("x", group: 7) == [FieldError(field: "group", code: .invalid)])
        #expect(GroupDraft(name: LocalizedText()).validate(languages: languages) == [FieldError(field: "name.sv", code: .required)])
    }

    @Test func accountsAndPasswords() {
        let common = CommonPasswords(listText: "# a comment\n123456\nPassword1234\n\nqwertyuiopasdf\n")
        #expect(common.count == 3)
        let valid = UserDraft(email: " Ann@Example.COM ", name: "Ann", role: .editor, password: "twelve chars")
        #expect(valid.validate(takenEmails: [], commonPasswords: common).isEmpty)
        #expect(valid.validate(takenEmails: ["ann@example.com"], commonPasswords: common) == [FieldError(field: "email", code: .duplicate)])
        #expect(UserDraft(email: "not-an-email", name: "A", role: .admin).validate(takenEmails: [], commonPasswords: common)
                == [FieldError(field: "email", code: .invalid)])
        func check(_ password: String) -> FieldError? { UserDraft.checkPassword(password, commonPasswords: common) }
        #expect(check("eleven char") == FieldError(field: "password", code: .tooShort, limit: 12))
        #expect(check("") == FieldError(field: "password", code: .required))
        #expect(check("åäöåäöåäöåäö") == nil)
        // One character repeated (any case), only whitespace, or a common one (any case): refused.
        for simple in ["aaaaaaaaaaaa", "aAaAaAaAaAaA", String(repeating: " ", count: 12), " \t \t \t \t \t \t", "ääääääääääää"] {
            #expect(check(simple) == FieldError(field: "password", code: .tooSimple), "\(simple.debugDescription)")
        }
        for known in ["password1234", "PASSWORD1234", "QwertyuiopAsdf"] {
            #expect(check(known) == FieldError(field: "password", code: .tooCommon), "\(known)")
        }
        #expect(check("password1234 but longer") == nil)
        #expect(check("aaaaaaaaaaab") == nil)
    }

    @Test func bidiAndC1ControlsAreRefusedInTitlesNamesAndTexts() {
        let languages: [LanguageCode] = [.swedish, .english]
        for bad in ["Invoice \u{202E}gnp.exe", "a\u{202A}b", "a\u{202D}b", "a\u{2066}b", "a\u{2069}b", "a\u{0085}b", "a\u{009B}b",
                    "a\u{0080}b", "a\u{009F}b", "a\u{007F}b"] {
            let draft = IncidentDraft(title: .both(bad, "fine"), body: .both("fine", bad), impact: .minor)
            #expect(draft.validate(languages: languages, knownComponents: [])
                    == [FieldError(field: "title.sv", code: .invalid), FieldError(field: "body.en", code: .invalid)], "\(bad.debugDescription)")
            #expect(TextRules.containsForbiddenControls(bad, allowLineBreaks: true))
            #expect(!TextRules.withoutBidiControls(bad).unicodeScalars.contains { TextRules.isBidiControl($0) || (0x80...0x9F).contains($0.value) })
        }
        // The one-character marks right-to-left writers need stay allowed.
        for fine in ["שלום\u{200F} world", "a\u{200E}b", "\u{061C}x", "Åäö – “quoted” ✓"] {
            #expect(!TextRules.containsForbiddenControls(fine, allowLineBreaks: false), "\(fine.debugDescription)")
            #expect(TextRules.withoutBidiControls(fine) == fine)
        }
        #expect(TextRules.withoutBidiControls("Invoice \u{202E}gnp.exe") == "Invoice gnp.exe")
    }
}
