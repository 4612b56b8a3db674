import Foundation

/// Reads the site settings at start: defaults, then `driftstatus.toml`, then `DRIFTSTATUS_*`
/// environment variables. Anything invalid is refused with a `SettingsError` naming where it is.
public enum SettingsLoader {
    public static let defaultFileName = "driftstatus.toml"

    /// Reads the file if it exists (a missing DEFAULT file is fine -> defaults; a missing
    /// EXPLICITLY named file is an error), then applies environment overrides.
    /// Throws `SettingsError`.
    public static func load(file: URL?, explicit: Bool, environment: [String: String]) throws -> SiteSettings {
        var layers: [SettingsLayer] = []
        if let file, let text = try read(file, explicit: explicit) {
            layers.append(try TOMLSettingsReader.layer(from: text, fileName: file.relativePath))
        }
        layers.append(try EnvironmentSettingsReader.layer(from: environment))
        return try SettingsLayer.resolve(layers)
    }

    /// The settings a TOML text gives on its own (no environment). Throws `SettingsError`.
    public static func parse(toml: String, fileName: String) throws -> SiteSettings {
        try SettingsLayer.resolve([TOMLSettingsReader.layer(from: toml, fileName: fileName)])
    }

    /// The file's text, or nil when a file nobody asked for by name is absent.
    private static func read(_ file: URL, explicit: Bool) throws(SettingsError) -> String? {
        let name = file.relativePath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else {
            if explicit { throw SettingsError(file: name, line: nil, message: "the settings file does not exist") }
            return nil
        }
        guard !isDirectory.boolValue else {
            throw SettingsError(file: name, line: nil, message: "is a directory, not a settings file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw SettingsError(file: name, line: nil, message: "the settings file cannot be read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SettingsError(file: name, line: nil, message: "the settings file is not UTF-8 text")
        }
        return text
    }
}
