/// Why the settings were refused, pointing at the file and line (or the environment variable)
/// so the operator can fix it without guessing.
public struct SettingsError: Error, CustomStringConvertible, Equatable {
    /// The settings file as the operator named it; nil when the problem is an environment variable.
    public let file: String?
    public let line: Int?
    /// Starts with the key or variable name: `time_zone: "Europe/Stokholm" is not a known time zone`.
    public let message: String

    public init(file: String?, line: Int?, message: String) {
        self.file = file; self.line = line; self.message = message
    }

    /// `driftstatus.toml:7: time_zone: ...`, `driftstatus.toml: ...` or `DRIFTSTATUS_TIME_ZONE: ...`.
    public var description: String {
        switch (file, line) {
        case let (file?, line?): "\(file):\(line): \(message)"
        case let (file?, nil): "\(file): \(message)"
        case (nil, _): message
        }
    }
}
