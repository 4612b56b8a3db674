import Foundation
import StatusModel
@testable import StatusSite
@testable import StatusStore
import Testing
import TestSupport

/// Bounded by iteration counts, not by wall-clock limits: a timed assertion fails on a loaded
/// machine without saying anything about the code (performance lives in bench/).
@Suite struct DecodingFuzzTests {
    /// A plainly written reference decoder: what `FormDecoder` must agree with inside its limits.
    static func referenceDecode(_ body: [UInt8]) -> [(String, String)]? {
        var fields: [(String, String)] = []
        for pair in body.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            var decoded: [String] = []
            for part in parts {
                var bytes: [UInt8] = []
                var rest = Array(part)[...]
                while let byte = rest.first {
                    rest = rest.dropFirst()
                    if byte == UInt8(ascii: "+") { bytes.append(0x20) }
                    else if byte == UInt8(ascii: "%") {
                        guard rest.count >= 2, let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16),
                              rest.prefix(2).allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }) else { return nil }
                        bytes.append(value)
                        rest = rest.dropFirst(2)
                    } else { bytes.append(byte) }
                }
                guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
                decoded.append(text.replacingOccurrences(of: "\r\n", with: "\n"))
            }
            if !decoded[0].isEmpty { fields.append((decoded[0], decoded.count > 1 ? decoded[1] : "")) }
        }
        return fields
    }

    @Test func formDecoderAgreesWithAReferenceOnRandomBodies() {
        var random = FuzzRandom.seeded("form decoding", salt: 1)
        let alphabet = Array("%+&=aZ09fF\r\n ;é".utf8) + [0xC3, 0xA5, 0xFF, 0x00, 0xE2, 0x80]
        var decoded = 0
        for iteration in 0..<1_000 {
            let body: [UInt8]
            switch random.int(0...29) {
            case 0: body = random.bytes(random.int(0...300))
            case 1: body = Array(repeating: random.pick(Array("&=%+".utf8)), count: random.int(0...2_000))
            case 2: body = Array(Array(repeating: "a=1", count: random.int(250...350)).joined(separator: "&").utf8)
            case 3: body = Array(("v=" + String(repeating: "%41", count: random.int(16_000...17_000))).utf8) // around the field cap
            default: body = (0..<random.int(0...200)).map { _ in random.pick(alphabet) }
            }
            let expected = Self.referenceDecode(body)
            do {
                let form = try FormDecoder.decode(body)
                decoded += 1
                #expect(form.fields.count <= FormDecoder.maximumFields)
                #expect(form.fields.allSatisfy { !$0.name.isEmpty }, "iteration \(iteration)")
                #expect(expected.map { $0.map(\.0) == form.fields.map(\.name) && $0.map(\.1) == form.fields.map(\.value) } == true,
                        "iteration \(iteration): \(body.prefix(80))")
            } catch {
                // Refused: fine only when the body is malformed or over a limit.
                let overLimit = body.count > FormDecoder.maximumBodyBytes || (expected?.count ?? 0) > FormDecoder.maximumFields
                    || (expected ?? []).contains { $0.0.utf8.count > FormDecoder.maximumFieldBytes || $0.1.utf8.count > FormDecoder.maximumFieldBytes }
                #expect(expected == nil || overLimit, "iteration \(iteration): refused \(error) a body the reference reads")
            }
        }
        #expect(decoded > 100, "the generator should also make decodable bodies")
    }

    @Test func formEncodingRoundTrips() throws {
        var random = FuzzRandom.seeded("form round trip", salt: 2)
        for iteration in 0..<500 {
            let fields = (0..<random.int(1...8)).map { _ in
                ("n" + random.text(maxLength: 12), random.text(maxLength: 60))
            }
            let form = try FormDecoder.decode(Array(formBody(fields).utf8))
            let expected = fields.map { ($0.0.replacingOccurrences(of: "\r\n", with: "\n"), $0.1.replacingOccurrences(of: "\r\n", with: "\n")) }
            #expect(form.fields.map { Array($0.name.unicodeScalars) } == expected.map { Array($0.0.unicodeScalars) }, "iteration \(iteration)")
            #expect(form.fields.map { Array($0.value.unicodeScalars) } == expected.map { Array($0.1.unicodeScalars) }, "iteration \(iteration)")
        }
    }

    @Test func cookiesAndLanguageNegotiationAlwaysYieldASiteLanguage() {
        var random = FuzzRandom.seeded("cookies and Accept-Language", salt: 3)
        let languages: [LanguageCode] = [.swedish, .english]
        let negotiation = LanguageNegotiation(languages: languages)
        let pieces = ["sv", "en", "de", "*", "sv-SE", "EN", "en-GB", ";q=", ";q=0", ";q=1", ";q=0.5", ";q=-1", ";q=nan", ";q=1e9", ",", ";", " ",
                      "=", "driftstatus_lang", "driftstatus_lang=", "driftstatus_lang=en", "driftstatus_lang=sv", "a=b", "\"", "\u{0}", "é", "%20"]
        for iteration in 0..<1_500 {
            var accept = "", cookie = ""
            for _ in 0..<random.int(0...12) { accept += random.chance(80) ? random.pick(pieces) : random.text(maxLength: 4, markup: false) }
            for _ in 0..<random.int(0...12) { cookie += random.chance(80) ? random.pick(pieces) : random.text(maxLength: 4, markup: false) }
            if random.chance(2) { accept = String(repeating: "en;q=0.1,", count: 5_000) }
            let chosen = negotiation.choose(acceptLanguage: random.chance(10) ? nil : accept, cookie: random.chance(10) ? nil : cookie)
            #expect(languages.contains(chosen), "iteration \(iteration)")
            if let value = cookieValue(named: LanguageNegotiation.cookieName, in: [cookie]) {
                #expect(cookie.contains("\(LanguageNegotiation.cookieName)=\(value)"), "iteration \(iteration): \(cookie.debugDescription)")
            }
            let staffValue = cookieValue(named: "driftstatus_session", in: [cookie, accept])
            #expect(staffValue.map { cookie.contains($0) || accept.contains($0) } ?? true)
        }
    }

    @Test func routerAnswersEveryPath() {
        var random = FuzzRandom.seeded("router", salt: 4)
        let router = Router(languages: [.swedish, .english])
        let segments = ["", "sv", "en", "de", "SV", "incidents", "maintenance", "history", "components", "feed.atom", "feed.rss", "assets",
                        "api", "v2", "summary.json", "incidents", "unresolved.json", "healthz", "language", "..", ".", "%2e%2e", "%2F",
                        "0", "1", "007", "-1", "99999999999999999999", "2026-11", "2026-13", "x.css", "\\", "//evil.example", "é", "\u{0}"]
        for iteration in 0..<3_000 {
            var path = random.chance(97) ? "/" : ""
            path += (0..<random.int(0...7)).map { _ in random.chance(85) ? random.pick(segments) : random.text(maxLength: 20) }
                .joined(separator: "/")
            if random.chance(20) { path += "/" }
            if random.chance(1) { path += String(repeating: "/a", count: 20_000) }
            let route = router.route(path)
            switch route {
            case .redirect(let target):
                // Only to our own pages: never a scheme-relative or backslash address.
                #expect(target.hasPrefix("/") && !target.hasPrefix("//") && !target.hasPrefix("/\\"), "iteration \(iteration): \(path.debugDescription) -> \(target)")
            case .home(let language):
                #expect(path == "/\(language)/")
            case .asset(let name):
                #expect(!name.contains("/") && !name.hasPrefix("."))
            default:
                break
            }
        }
    }

    /// Valid documents to mutate: what the API accepts, plus JSON's corners.
    static let seeds = [
        #"{"title": {"sv": "Banksynk försenad", "en": "Bank sync"}, "body": {"sv": "Vi undersöker.\n", "en": "x"}, "impact": "major", "components": [{"component": "bank-sync", "status": "partial_outage"}]}"#,
        #"{"status": "identified", "body": {"sv": "\u00e5\ud83d\ude00\"\\\/\b\f\n\r\t"}}"#,
        #"[1, -0, 0.5e-3, 1E+2, 9223372036854775807, -9223372036854775808, 12345678901234567890, true, false, null, "", {}, []]"#,
        #"{"title": {"sv": "M"}, "starts_at": "2026-11-26T22:00:00Z", "ends_at": "2026-11-27T01:00:00+01:00", "components": ["login"]}"#,
    ]

    static func mutate(_ document: [UInt8], _ random: inout FuzzRandom) -> [UInt8] {
        var bytes = document
        let tokens = [#"\u"#, #"\ud800"#, #"\udc00\ud800"#, #"\x"#, "\"", "\\", "{", "}", "[", "]", ",", ":", "1e999", "-", "0.", "00",
                      "\u{0}", "\u{7F}", "é", "😀", "null", "tru", String(repeating: "[", count: 40), String(repeating: "9", count: 400)]
        for _ in 0..<random.int(1...4) {
            let position = bytes.isEmpty ? 0 : random.int(0...bytes.count)
            switch random.int(0...5) {
            case 0 where !bytes.isEmpty: bytes.remove(at: min(position, bytes.count - 1))
            case 1: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
            case 2: bytes.insert(contentsOf: Array(random.pick(tokens).utf8), at: position)
            case 3 where bytes.count > 2:
                let start = random.int(0...(bytes.count - 2)), end = random.int((start + 1)...bytes.count)
                bytes.insert(contentsOf: bytes[start..<end], at: position)
            case 4 where !bytes.isEmpty: bytes[min(position, bytes.count - 1)] = random.pick(Array("\"\\{}[],:0e-. \n".utf8))
            default: bytes = Array(bytes.prefix(position))
            }
        }
        return bytes
    }

    @Test func jsonParserSurvivesMutatedDocuments() throws {
        var random = FuzzRandom.seeded("JSON parser", salt: 5)
        let parser = APIJSONParser()
        var accepted = 0
        for iteration in 0..<2_000 {
            let document: [UInt8]
            switch random.int(0...19) {
            case 0: document = Array(String(repeating: random.pick(["[", "{\"a\":", "[{\"b\":"]), count: random.int(30...50_000)).utf8)
            case 1: document = Array((random.pick(["-", ""]) + String(repeating: "9", count: random.int(18...5_000)) + random.pick(["", ".5", "e99999"])).utf8)
            case 2: document = random.bytes(random.int(0...200))
            case 3: document = Array(("[" + Array(repeating: "0", count: random.int(9_990...10_010)).joined(separator: ",") + "]").utf8)
            default: document = Self.mutate(Array(random.pick(Self.seeds).utf8), &random)
            }
            do {
                let value = try parser.parse(document)
                accepted += 1
                // Whatever we accept, serialising gives it back, and a general JSON parser reads it too.
                #expect(try parser.parse(value.serialized()) == value, "iteration \(iteration)")
                #expect((try? JSONSerialization.jsonObject(with: Data(document), options: .fragmentsAllowed)) != nil,
                        "iteration \(iteration): we accept what Foundation refuses: \(String(decoding: document.prefix(200), as: UTF8.self))")
            } catch {
                // A clean refusal is the other allowed outcome (typed throws: always an APIJSONParser.Failure).
            }
        }
        #expect(accepted > 50)
    }
}

/// The same decoders through the real server: random queries and bodies get an answer, never a 500.
@Suite(.serialized) struct ServerDecodingFuzzTests {
    static func randomQuery(_ random: inout FuzzRandom) -> String {
        let pieces = ["lang=", "sv", "en", "to=", "/sv/", "//evil.example", "/\\evil", "limit=", "0", "-1", "99999999999999999999", "abc", "&", "=",
                      "%", "%2", "%ZZ", "%FF%FE", "%C0%80", "%00", "%0D%0ASet-Cookie:x=1", "+", "v=", "template=", "1", ";", "?", "#", "é"]
        var query = ""
        for _ in 0..<random.int(0...10) {
            if random.chance(85) {
                query += random.pick(pieces)
            } else {
                // Raw bytes cannot go in a request line: percent-encode them.
                query += random.bytes(random.int(1...6)).map { String(format: "%%%02X", $0) }.joined()
            }
        }
        return query
    }

    @Test func randomQueriesAndBodiesGetCleanAnswers() throws {
        var random = FuzzRandom.seeded("server queries", salt: 6)
        let site = try TestSite.withStaff()
        let admin = try site.signIn("admin@example.com")
        let token = try site.application.auth.createToken(name: "fuzz", role: .admin, by: .system("test"), now: testNow).token
        let paths = ["/", "/sv/", "/en/history", "/sv/feed.rss", "/api/v2/summary.json", "/api/v2/incidents.json", "/language/en", "/language/sv",
                     "/admin/login", "/admin/", "/admin/incidents/new", "/api/v1/incidents", "/api/v1/maintenances", "/assets/style.css", "/healthz"]
        for iteration in 0..<400 {
            let path = random.pick(paths)
            let query = Self.randomQuery(&random)
            var headers: [(String, String)] = []
            if path.hasPrefix("/admin") { headers.append(("Cookie", admin.cookie)) }
            if path.hasPrefix("/api/v1") { headers.append(("Authorization", "Bearer \(token)")) }
            let response = try site.client.send("GET", "\(path)?\(query)", headers: headers)
            #expect((200..<500).contains(response.status), "iteration \(iteration): GET \(path)?\(query) -> \(response.status)")
            if let location = response.header("Location") {
                #expect(location.hasPrefix("/") && !location.hasPrefix("//") && !location.contains("\\"), "iteration \(iteration): \(location)")
            }
            #expect(!response.headers("Set-Cookie").contains { $0.hasPrefix("x=") })
        }
        // Mutated JSON bodies at the write API, and random form bodies at the admin.
        let csrf = try admin.csrfToken()
        for iteration in 0..<150 {
            let body = DecodingFuzzTests.mutate(Array(DecodingFuzzTests.seeds[0].utf8), &random)
            let response = try site.client.send("POST", "/api/v1/incidents", headers: [("Authorization", "Bearer \(token)"),
                                                                                     ("Content-Type", "application/json")], body: body)
            #expect([201, 400, 413, 422].contains(response.status), "iteration \(iteration): \(response.status) for \(String(decoding: body, as: UTF8.self))")
            let form = "csrf=\(csrf)&" + String(decoding: random.bytes(random.int(0...80)).map { [UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "="), $0].randomElement(using: &random) ?? $0 }, as: UTF8.self)
            let posted = try admin.postRaw(random.pick(["/admin/incidents/new", "/admin/groups/new", "/admin/templates/new"]), body: form)
            #expect([200, 303, 400, 413, 422].contains(posted.status), "iteration \(iteration): \(posted.status) for \(form.debugDescription)")
        }
        #expect(try site.get("/healthz").status == 200)
        #expect(try site.store.rawStrings("PRAGMA integrity_check") == ["ok"])
    }
}
