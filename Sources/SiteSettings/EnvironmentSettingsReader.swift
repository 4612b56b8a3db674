import Foundation
import StatusModel

/// Reads `DRIFTSTATUS_*` variables; each overrides the file's key of the same name.
enum EnvironmentSettingsReader {
    static let name = "DRIFTSTATUS_NAME"
    static let baseURL = "DRIFTSTATUS_BASE_URL"
    static let timeZone = "DRIFTSTATUS_TIME_ZONE"
    static let languages = "DRIFTSTATUS_LANGUAGES"
    static let supportURL = "DRIFTSTATUS_SUPPORT_URL"
    static let logo = "DRIFTSTATUS_LOGO"
    static let statuspagePageID = "DRIFTSTATUS_STATUSPAGE_PAGE_ID"

    static func layer(from environment: [String: String]) throws(SettingsError) -> SettingsLayer {
        // An empty variable counts as unset: `FOO=${FOO}` in a compose file yields "" when FOO is unset.
        func value(_ variable: String) -> String? {
            guard let raw = environment[variable], !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return raw
        }
        func check<T>(_ variable: String, _ validate: (String) throws(InvalidValue) -> T) throws(SettingsError) -> T? {
            guard let raw = value(variable) else { return nil }
            do {
                return try validate(raw)
            } catch {
                throw SettingsError(file: nil, line: nil, message: "\(variable): \(error.reason)")
            }
        }

        var layer = SettingsLayer()
        layer.name = try check(name, SettingValues.siteName).map { .everyLanguage($0) }
        layer.baseURL = try check(baseURL, SettingValues.baseURL)
        layer.timeZone = try check(timeZone, SettingValues.timeZone)
        layer.languages = try check(languages) { (raw) throws(InvalidValue) in
            try SettingValues.languages(raw.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        }
        layer.supportURL = try check(supportURL, SettingValues.supportURL)
        layer.logoPath = try check(logo, SettingValues.logoPath)
        layer.statuspagePageID = try check(statuspagePageID, SettingValues.statuspagePageID)
        for key in NotificationSettings.keys.keys {
            if let raw = value(NotificationSettings.environmentVariable(for: key)) { layer.notificationValues[key] = (raw, nil) }
        }
        try CacheTierSettings.read(environment: value, into: &layer)
        for key in MirrorS3Settings.keys.keys {
            if let raw = value(NotificationSettings.environmentVariable(for: key)) { layer.mirrorValues[key] = (raw, nil) }
        }
        return layer
    }
}
