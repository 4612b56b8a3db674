import Testing
import StatusModel

private let sv = LanguageCode.swedish
private let en = LanguageCode.english

@Suite struct LocalizedTextTests {
    @Test func requestedLanguagePresent() throws {
        let text = LocalizedText.both("Bankkopplingen ligger nere", "Bank synchronisation is down")
        let resolved = try #require(text.resolved(in: en, fallbacks: [sv, en]))
        #expect(resolved.text == "Bank synchronisation is down")
        #expect(resolved.language == en)
        #expect(resolved.isFallback == false)
    }

    @Test func missingLanguageFallsBackToTheFirstFallbackThatHasText() throws {
        let da = try #require(LanguageCode("da"))
        let text = LocalizedText([sv: "Vi undersöker", da: "Vi undersøger"])
        let english = try #require(text.resolved(in: en, fallbacks: [sv, en]))
        #expect(english.text == "Vi undersöker")
        #expect(english.language == sv)
        #expect(english.isFallback)

        // The order of fallbacks decides, not the order of the languages in the text.
        let preferDanish = try #require(text.resolved(in: en, fallbacks: [en, da, sv]))
        #expect(preferDanish.language == da)
        #expect(preferDanish.isFallback)
    }

    @Test func languageOutsideTheFallbacksStillBeatsNothing() throws {
        let fi = try #require(LanguageCode("fi"))
        let text = LocalizedText([fi: "Tutkimme"])
        let resolved = try #require(text.resolved(in: sv, fallbacks: [sv, en]))
        #expect(resolved.text == "Tutkimme")
        #expect(resolved.isFallback)
        #expect(LocalizedText().resolved(in: sv, fallbacks: [sv, en]) == nil)
    }

    @Test func emptyStringsAreDropped() {
        var text = LocalizedText([sv: "", en: "Resolved"])
        #expect(text.languages == [en])
        #expect(text[sv] == nil)
        #expect(text.resolved(in: sv, fallbacks: [sv, en])?.isFallback == true)

        text[en] = ""
        #expect(text.isEmpty)
        text[sv] = "Åtgärdat"
        text[sv] = nil
        #expect(text.isEmpty)
        #expect(LocalizedText([sv: ""]) == LocalizedText())
    }

    @Test func missingLanguagesKeepsTheRequiredOrder() throws {
        let da = try #require(LanguageCode("da"))
        let text = LocalizedText([en: "Monitoring"])
        #expect(text.missingLanguages(of: [sv, en, da]) == [sv, da])
        #expect(LocalizedText.both("a", "b").missingLanguages(of: [sv, en]).isEmpty)
        #expect(LocalizedText().missingLanguages(of: [en, sv]) == [en, sv])
    }

    @Test func languageCodeFormat() {
        #expect(LanguageCode("SV") == .swedish)
        #expect(LanguageCode("fil")?.rawValue == "fil")
        #expect(LanguageCode("s") == nil)
        #expect(LanguageCode("sv-SE") == nil)
        #expect(LanguageCode("svenska") == nil)
        #expect(LanguageCode("s1") == nil)
        #expect(LanguageCode("") == nil)
    }
}
