import Foundation
import StatusModel

/// Reads the members of a request's JSON object into domain values, collecting every shape
/// problem (wrong type, unknown enum value, bad date, unknown member) instead of stopping at the
/// first, so one 422 lists everything. Content rules (lengths, required texts, time order) are
/// left to StatusModel's validation, shared with the admin UI.
struct APIBodyReader {
    private let members: [(String, APIJSON)]
    private var read: Set<String> = []
    private(set) var issues: [APIFieldIssue] = []

    init(_ object: [(String, APIJSON)]) {
        members = object
    }

    /// The whole object, for bodies read by their own decoder (an integration's payload).
    var object: [(String, APIJSON)] { members }

    /// Whether `name` is present with a non-null value or was already reported as malformed
    /// (so a "required" error is not added on top of a type error).
    func has(_ name: String) -> Bool {
        members.contains { $0.0 == name && $0.1 != .null } || issues.contains { $0.field == name }
    }

    private mutating func value(_ name: String) -> APIJSON? {
        read.insert(name)
        guard let value = members.first(where: { $0.0 == name })?.1 else { return nil }
        return value == .null ? nil : value
    }

    mutating func fail(_ field: String, _ code: String, expected: String? = nil) {
        issues.append(APIFieldIssue(field: field, code: code, expected: expected))
    }

    /// `{"sv": "...", "en": "..."}`. Language keys that are not language codes are reported as
    /// `not_allowed`, like languages the site does not use (the shared validation reports those).
    mutating func text(_ name: String) -> LocalizedText {
        guard let value = value(name) else { return LocalizedText() }
        guard let members = value.objectValue else {
            fail(name, APIFieldCode.wrongType, expected: "object")
            return LocalizedText()
        }
        var values: [LanguageCode: String] = [:]
        for (key, member) in members {
            guard let language = LanguageCode(key) else {
                issues.append(APIFieldIssue(field: "\(name).\(key)", code: ValidationCode.notAllowed.rawValue))
                continue
            }
            guard let string = member.stringValue else {
                if member != .null { fail("\(name).\(key)", APIFieldCode.wrongType, expected: "string") }
                continue
            }
            values[language] = string
        }
        return LocalizedText(values)
    }

    mutating func enumeration<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) -> E?
    where E.RawValue == String {
        guard let value = value(name) else { return nil }
        return Self.enumeration(value, field: name, type, into: &issues)
    }

    static func enumeration<E: RawRepresentable & CaseIterable>(_ value: APIJSON, field: String, _ type: E.Type,
                                                                into issues: inout [APIFieldIssue]) -> E?
    where E.RawValue == String {
        let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
        guard let raw = value.stringValue else {
            issues.append(APIFieldIssue(field: field, code: APIFieldCode.wrongType, expected: "string"))
            return nil
        }
        guard let result = E(rawValue: raw) else {
            issues.append(APIFieldIssue(field: field, code: APIFieldCode.invalidEnum, expected: allowed))
            return nil
        }
        return result
    }

    mutating func date(_ name: String) -> Date? {
        guard let value = value(name) else { return nil }
        guard let text = value.stringValue else {
            fail(name, APIFieldCode.wrongType, expected: "string")
            return nil
        }
        guard let date = RFC3339.parse(text) else {
            fail(name, APIFieldCode.invalidDate)
            return nil
        }
        return date
    }

    /// `true`/`false`; nil when absent (the caller supplies the default) or not a boolean (reported).
    mutating func bool(_ name: String) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else {
            fail(name, APIFieldCode.wrongType, expected: "boolean")
            return nil
        }
        return flag
    }

    /// A plain string member; nil when absent or not a string (reported).
    mutating func string(_ name: String) -> String? {
        guard let value = value(name) else { return nil }
        guard let text = value.stringValue else {
            fail(name, APIFieldCode.wrongType, expected: "string")
            return nil
        }
        return text
    }

    mutating func array(_ name: String) -> [APIJSON] {
        guard let value = value(name) else { return [] }
        guard let items = value.arrayValue else {
            fail(name, APIFieldCode.wrongType, expected: "array")
            return []
        }
        return items
    }

    /// Reports members the operation does not know: a typo ("titel") must not be silently ignored.
    mutating func finish() -> [APIFieldIssue] {
        for (name, _) in members where !read.contains(name) {
            fail(name, APIFieldCode.unknownMember)
        }
        return issues
    }
}

/// Finds components by id or slug, as every API reference to a component allows.
struct ComponentResolver {
    let components: [Component]

    /// Runs a draft's shared validation against these components.
    func validate(_ rules: ([LanguageCode], Set<Int64>) -> [FieldError], languages: [LanguageCode]) -> [FieldError] {
        rules(languages, Set(components.map(\.id)))
    }

    func find(_ reference: String) -> Component? {
        if let bySlug = components.first(where: { $0.slug == reference }) { return bySlug }
        if let id = Int64(reference) { return components.first { $0.id == id } }
        return nil
    }

    /// The id for a JSON reference (integer id or slug string). An unknown reference becomes an id
    /// no component has, so the shared validation reports it as `unknown_component`; nil for a
    /// reference of the wrong type (reported into `issues`).
    func id(for reference: APIJSON, field: String, unknownSentinel: Int64, issues: inout [APIFieldIssue]) -> Int64? {
        switch reference {
        case .integer(let id): return id
        case .string(let text): return find(text)?.id ?? unknownSentinel
        default:
            issues.append(APIFieldIssue(field: field, code: APIFieldCode.wrongType, expected: "integer or string"))
            return nil
        }
    }

    /// `[{"component": "bank-sync", "status": "major_outage"}, ...]`
    func changes(_ items: [APIJSON], field: String, issues: inout [APIFieldIssue]) -> [ComponentStatusChange] {
        var changes: [ComponentStatusChange] = []
        for (index, item) in items.enumerated() {
            let path = "\(field)[\(index)]"
            guard let members = item.objectValue else {
                issues.append(APIFieldIssue(field: path, code: APIFieldCode.wrongType, expected: "object"))
                continue
            }
            for (name, _) in members where name != "component" && name != "status" {
                issues.append(APIFieldIssue(field: "\(path).\(name)", code: APIFieldCode.unknownMember))
            }
            guard let reference = item["component"] else {
                issues.append(APIFieldIssue(field: "\(path).component", code: ValidationCode.required.rawValue))
                continue
            }
            guard let statusValue = item["status"] else {
                issues.append(APIFieldIssue(field: "\(path).status", code: ValidationCode.required.rawValue))
                continue
            }
            let id = self.id(for: reference, field: "\(path).component", unknownSentinel: -Int64(index) - 1, issues: &issues)
            let status = APIBodyReader.enumeration(statusValue, field: "\(path).status", ComponentStatus.self, into: &issues)
            if let id, let status { changes.append(ComponentStatusChange(componentID: id, status: status)) }
        }
        return changes
    }

    /// `["bank-sync", 3]`
    func ids(_ items: [APIJSON], field: String, issues: inout [APIFieldIssue]) -> [Int64] {
        items.enumerated().compactMap { index, item in
            id(for: item, field: "\(field)[\(index)]", unknownSentinel: -Int64(index) - 1, issues: &issues)
        }
    }
}

/// RFC 3339 date-times: "2026-11-25T13:00:00Z", "2026-11-25T14:00:00.5+01:00". Output is always UTC "Z".
enum RFC3339 {
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count <= 40 else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + length] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int, _ allowed: String) -> Bool {
            index < bytes.count && allowed.utf8.contains(bytes[index])
        }
        guard let year = number(0, 4), byte(4, "-"), let month = number(5, 2), byte(7, "-"), let day = number(8, 2),
              byte(10, "Tt"), let hour = number(11, 2), byte(13, ":"), let minute = number(14, 2), byte(16, ":"),
              let second = number(17, 2) else { return nil }
        var index = 19
        var fraction = 0.0
        if byte(index, ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offsetSeconds = 0
        if byte(index, "Zz") {
            index += 1
        } else if byte(index, "+-"), let offsetHours = number(index + 1, 2), byte(index + 3, ":"),
                  let offsetMinutes = number(index + 4, 2), offsetHours < 24, offsetMinutes < 60 {
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        // Leap seconds (":60") are refused: nothing here is that precise.
        guard index == bytes.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }  // 2026-02-30 does not roll over
        return date.addingTimeInterval(fraction - Double(offsetSeconds))
    }

    /// "2026-11-25T13:00:00Z", with milliseconds only when there are any.
    static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let whole = Date(timeIntervalSince1970: TimeInterval(millis.quotientAndRemainder(dividingBy: 1000).quotient
            - (millis < 0 && millis % 1000 != 0 ? 1 : 0)))
        let remainder = ((millis % 1000) + 1000) % 1000
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        var text = String(format: "%04d", parts.year ?? 0) + "-\(two(parts.month))-\(two(parts.day))T"
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
        if remainder != 0 { text += String(format: ".%03d", remainder) }
        return text + "Z"
    }
}
