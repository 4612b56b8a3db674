import Foundation
import StatusModel

/// The settings one source (the file or the environment) sets; nil means "not set here".
/// Layers are merged before defaults are filled in, so `name = "X"` covers whatever
/// languages the environment ends up choosing.
struct SettingsLayer {
    struct NameEntry: Equatable {
        let language: LanguageCode
        let text: String
        /// Where it was written, for the error when the language is not one of the site's.
        let line: Int?
    }

    enum Name: Equatable {
        case everyLanguage(String)
        case perLanguage([NameEntry])
    }

    var name: Name?
    var baseURL: String?
    var timeZone: TimeZone?
    var languages: [LanguageCode]?
    var supportURL: String?
    var logoPath: String?
    var trustedProxies: [String]?
    var purgeURLs: [String]?
    var statuspagePageID: String?
    /// `table.key` → raw value, checked when layers are merged (see NotificationSettings.keys).
    var notificationValues: [String: (raw: String, line: Int?)] = [:]
    /// `mirror.s3.key` → raw value, checked when layers are merged (see MirrorS3Settings.keys).
    var mirrorValues: [String: (raw: String, line: Int?)] = [:]
    /// `[[alert_rules]]` (only the file has them: an array of tables has no environment form).
    var alertRules: [AlertRule]?
    /// The file the layer came from, for errors found only once layers are merged.
    var fileName: String?

    static let defaultName = "Driftstatus"

    /// Later layers override earlier ones, setting by setting.
    static func resolve(_ layers: [SettingsLayer]) throws(SettingsError) -> SiteSettings {
        let defaults = SiteSettings.defaults
        let languages = layers.compactMap(\.languages).last ?? defaults.languages
        let nameLayer = layers.last(where: { $0.name != nil })
        let name: LocalizedText
        switch nameLayer?.name ?? .everyLanguage(defaultName) {
        case .everyLanguage(let text):
            name = LocalizedText(Dictionary(uniqueKeysWithValues: languages.map { ($0, text) }))
        case .perLanguage(let entries):
            // A name in a language the site does not publish would never be shown: most likely a typo.
            if let stray = entries.first(where: { !languages.contains($0.language) }) {
                let listed = languages.map(\.rawValue).joined(separator: ", ")
                throw SettingsError(file: nameLayer?.fileName, line: stray.line,
                                    message: "name.\(stray.language): \"\(stray.language)\" is not one of the site's languages (\(listed))")
            }
            name = LocalizedText(Dictionary(entries.map { ($0.language, $0.text) }, uniquingKeysWith: { _, last in last }))
        }
        var notifications = NotificationSettings()
        for layer in layers {
            for (key, entry) in layer.notificationValues.sorted(by: { $0.key < $1.key }) {
                guard let apply = NotificationSettings.keys[key] else { continue }
                do {
                    try apply(&notifications, entry.raw)
                } catch {
                    let name = layer.fileName == nil ? NotificationSettings.environmentVariable(for: key) : key
                    throw SettingsError(file: layer.fileName, line: entry.line, message: "\(name): \(error.reason)")
                }
            }
        }
        var mirrorS3 = MirrorS3Settings()
        for layer in layers {
            for (key, entry) in layer.mirrorValues.sorted(by: { $0.key < $1.key }) {
                guard let apply = MirrorS3Settings.keys[key] else { continue }
                do {
                    try apply(&mirrorS3, entry.raw)
                } catch {
                    let name = layer.fileName == nil ? NotificationSettings.environmentVariable(for: key) : key
                    throw SettingsError(file: layer.fileName, line: entry.line, message: "\(name): \(error.reason)")
                }
            }
        }
        var settings = SiteSettings(
            name: name,
            baseURL: layers.compactMap(\.baseURL).last ?? defaults.baseURL,
            timeZone: layers.compactMap(\.timeZone).last ?? defaults.timeZone,
            languages: languages,
            supportURL: layers.compactMap(\.supportURL).last ?? defaults.supportURL,
            logoPath: layers.compactMap(\.logoPath).last ?? defaults.logoPath,
            notifications: notifications
        )
        settings.trustedProxies = layers.compactMap(\.trustedProxies).last ?? []
        settings.purgeURLs = layers.compactMap(\.purgeURLs).last ?? []
        settings.mirrorS3 = mirrorS3
        if let layer = layers.last(where: { $0.alertRules != nil }), let rules = layer.alertRules {
            try AlertRulesReader.check(rules, languages: languages, file: layer.fileName)
            settings.alertRules = rules
            settings.alertRulesFile = layer.fileName
        }
        settings.statuspagePageID = layers.compactMap(\.statuspagePageID).last ?? SiteSettings.defaultStatuspagePageID
        return settings
    }
}
