import Foundation
import StatusModel
import TOMLKit

/// Reads `driftstatus.toml` into a layer, refusing syntax errors, unknown keys and invalid
/// values with the line they are on.
enum TOMLSettingsReader {
    static let knownKeys = ["name", "base_url", "time_zone", "languages", "support_url", "logo", "smtp", "notifications", "webhooks", "http", "cache", "mirror", "alert_rules", "statuspage_page_id"]

    static func layer(from text: String, fileName: String) throws(SettingsError) -> SettingsLayer {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SettingsError(file: fileName, line: error.source.begin.line, message: "not valid TOML: \(error.description)")
        } catch {
            throw SettingsError(file: fileName, line: nil, message: "not valid TOML: \(error)")
        }

        let locator = TOMLKeyLocator(text: text)
        var layer = SettingsLayer()
        layer.fileName = fileName
        // Every problem is collected and the first in the file is reported, so the report does
        // not depend on TOMLKit's key order.
        var problems: [SettingsError] = []
        func fail(_ path: [String], _ reason: String) {
            problems.append(SettingsError(file: fileName, line: locator.line(of: path),
                                          message: "\(path.joined(separator: ".")): \(reason)"))
        }
        func check<T>(_ key: String, _ value: TOMLValueConvertible, _ validate: (String) throws(InvalidValue) -> T) -> T? {
            guard let raw = value.string else {
                fail([key], "expected a string, found \(describe(value.type))")
                return nil
            }
            do { return try validate(raw) } catch { fail([key], error.reason); return nil }
        }

        for (key, value) in table {
            switch key {
            case "name":
                layer.name = readName(value, fail: fail, locator: locator)
            case "base_url":
                layer.baseURL = check(key, value, SettingValues.baseURL)
            case "time_zone":
                layer.timeZone = check(key, value, SettingValues.timeZone)
            case "languages":
                let raws = value.array.map { $0.compactMap(\.string) }
                guard let array = value.array, let raws, raws.count == array.count else {
                    fail([key], "expected an array of strings like [\"sv\", \"en\"], found \(describe(value.type))")
                    continue
                }
                do { layer.languages = try SettingValues.languages(raws) } catch { fail([key], error.reason) }
            case "support_url":
                layer.supportURL = check(key, value, SettingValues.supportURL)
            case "logo":
                layer.logoPath = check(key, value, SettingValues.logoPath)
            case "smtp", "notifications", "webhooks":
                readNotificationTable(key, value, into: &layer, fail: fail, locator: locator)
            case "http", "cache":
                CacheTierSettings.read(key, value, into: &layer, fail: fail)
            case "statuspage_page_id":
                layer.statuspagePageID = check(key, value, SettingValues.statuspagePageID)
            case "mirror":
                readMirrorTable(value, into: &layer, fail: fail, locator: locator)
            case AlertRulesReader.tableName:
                layer.alertRules = AlertRulesReader.read(value, locator: locator) { line, message in
                    problems.append(SettingsError(file: fileName, line: line, message: message))
                }
            default:
                fail([key], unknownKeyReason(key))
            }
        }
        if let first = problems.min(by: { ($0.line ?? Int.max) < ($1.line ?? Int.max) }) { throw first }
        return layer
    }

    /// `name = "X"` (every language) or `[name]` with one string per language code.
    private static func readName(_ value: TOMLValueConvertible, fail: ([String], String) -> Void,
                                 locator: TOMLKeyLocator) -> SettingsLayer.Name? {
        if let raw = value.string {
            do { return .everyLanguage(try SettingValues.siteName(raw)) } catch { fail(["name"], error.reason); return nil }
        }
        guard let table = value.table else {
            fail(["name"], "expected a string or a table of languages like [name] sv = \"…\", found \(describe(value.type))")
            return nil
        }
        var entries: [SettingsLayer.NameEntry] = []
        var valid = true
        for (key, text) in table {
            let path = ["name", key]
            let language: LanguageCode, name: String
            do { language = try SettingValues.language(key) } catch { fail(path, error.reason); valid = false; continue }
            guard let raw = text.string else {
                fail(path, "expected a string, found \(describe(text.type))"); valid = false; continue
            }
            do { name = try SettingValues.siteName(raw) } catch { fail(path, error.reason); valid = false; continue }
            entries.append(SettingsLayer.NameEntry(language: language, text: name, line: locator.line(of: path)))
        }
        guard valid else { return nil }
        guard !entries.isEmpty else {
            fail(["name"], "give the name in at least one language")
            return nil
        }
        return .perLanguage(entries)
    }

    /// Keys of these tables whose value is an array of strings.
    static let listKeys: Set<String> = ["notifications.staff_emails"]

    /// `[smtp]`, `[notifications]` and `[webhooks]`: scalar values kept as text, checked when layers merge.
    private static func readNotificationTable(_ name: String, _ value: TOMLValueConvertible, into layer: inout SettingsLayer,
                                              fail: ([String], String) -> Void, locator: TOMLKeyLocator) {
        guard let table = value.table else { fail([name], "expected a table like [\(name)], found \(describe(value.type))"); return }
        let known = NotificationSettings.keys.keys.filter { $0.hasPrefix(name + ".") }.map { String($0.dropFirst(name.count + 1)) }.sorted()
        for (key, entry) in table {
            let path = [name, key]
            guard known.contains(key) else { fail(path, "unknown key (known keys: \(known.joined(separator: ", ")))"); continue }
            let raw: String
            switch entry.type {
            case .string: raw = entry.string ?? ""
            case .int: raw = entry.int.map(String.init) ?? ""
            case .double: raw = entry.double.map { String($0) } ?? ""
            case .bool: raw = entry.bool.map { String($0) } ?? ""
            case .array where listKeys.contains("\(name).\(key)"):
                // Joined with commas, the environment's form of a list; a comma inside an entry would split it.
                let items = entry.array.map { $0.compactMap(\.string) } ?? []
                guard items.count == entry.array?.count, !items.contains(where: { $0.contains(",") }) else {
                    fail(path, "expected an array of strings without commas"); continue
                }
                raw = items.joined(separator: ",")
            default: fail(path, "expected a string, a number or true/false, found \(describe(entry.type))"); continue
            }
            layer.notificationValues["\(name).\(key)"] = (raw, locator.line(of: path))
        }
    }

    /// `[mirror.s3]`: scalar values kept as text, checked when layers merge.
    private static func readMirrorTable(_ value: TOMLValueConvertible, into layer: inout SettingsLayer,
                                        fail: ([String], String) -> Void, locator: TOMLKeyLocator) {
        guard let mirror = value.table else { fail(["mirror"], "expected a table like [mirror.s3], found \(describe(value.type))"); return }
        for (name, entry) in mirror {
            guard name == "s3" else { fail(["mirror", name], "unknown key (known keys: s3)"); continue }
            guard let table = entry.table else { fail(["mirror", name], "expected a table like [mirror.s3], found \(describe(entry.type))"); continue }
            let known = MirrorS3Settings.keys.keys.map { String($0.dropFirst("mirror.s3.".count)) }.sorted()
            for (key, item) in table {
                let path = ["mirror", "s3", key]
                guard known.contains(key) else { fail(path, "unknown key (known keys: \(known.joined(separator: ", ")))"); continue }
                let raw: String
                switch item.type {
                case .string: raw = item.string ?? ""
                case .bool: raw = item.bool.map { $0 ? "true" : "false" } ?? ""
                default: fail(path, "expected a string or true/false, found \(describe(item.type))"); continue
                }
                layer.mirrorValues["mirror.s3.\(key)"] = (raw, locator.line(of: path))
            }
        }
    }

    private static func unknownKeyReason(_ key: String) -> String {
        if key == "host" || key == "port" {
            return "unknown key (the address to listen on is given on the command line, not in this file)"
        }
        let known = knownKeys.joined(separator: ", ")
        if let guess = knownKeys.min(by: { editDistance($0, key) < editDistance($1, key) }), editDistance(guess, key) <= 2 {
            return "unknown key (did you mean \"\(guess)\"? known keys: \(known))"
        }
        return "unknown key (known keys: \(known))"
    }

    private static func describe(_ type: TOMLType) -> String {
        switch type {
        case .string: "a string"
        case .int: "an integer"
        case .double: "a number"
        case .bool: "true/false"
        case .array: "an array"
        case .table: "a table"
        case .date, .time, .dateTime: "a date or time"
        }
    }

    /// Levenshtein distance, to suggest the key the operator most likely meant.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, charA) in a.enumerated() {
            var current = [i + 1]
            for (j, charB) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (charA == charB ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
