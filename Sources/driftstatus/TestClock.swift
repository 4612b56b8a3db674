import ArgumentParser
import Foundation

/// A shifted clock for end-to-end tests of time-driven behaviour (maintenance reminders, windows
/// starting): `DRIFTSTATUS_TEST_CLOCK_OFFSET_SECONDS=25200` makes the whole server, pages and
/// notification sender alike, live seven hours ahead. Unset in production: the real clock.
enum TestClock {
    static let variable = "DRIFTSTATUS_TEST_CLOCK_OFFSET_SECONDS"

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> @Sendable () -> Date {
        guard let raw = environment[variable] else { return { Date() } }
        guard let offset = TimeInterval(raw.trimmingCharacters(in: .whitespaces)), offset.isFinite,
              abs(offset) <= 10 * 365 * 86_400 else {
            throw ValidationError("\(variable): \(raw.debugDescription) is not a number of seconds")
        }
        FileHandle.standardError.write(Data("driftstatus: test clock: \(offset) s from the real time (\(variable))\n".utf8))
        return { Date().addingTimeInterval(offset) }
    }
}
