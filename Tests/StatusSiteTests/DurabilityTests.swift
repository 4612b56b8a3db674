import Foundation
import StatusModel
@testable import StatusStore
import Testing
import TestSupport

/// Nothing acknowledged is lost when the process is killed (SIGKILL) at any moment, and the
/// database is intact afterwards. Runs the real `driftstatus` binary.
@Suite(.serialized) struct DurabilityTests {
    static var migrations: URL { TestSite.repositoryRoot.appendingPathComponent("migrations") }

    @Test
    func acknowledgedAPIWritesSurviveSIGKILL() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = ["--db", "d.sqlite", "--site", TestSite.repositoryRoot.path]
        let token = try CommandLineTests.run(["token", "create", "--name", "durability", "--role", "editor"] + site, in: directory)
        try #require(token.status == 0, "\(token.error)")
        let bearer = token.output.trimmingCharacters(in: .whitespacesAndNewlines)

        var acknowledged: [String] = []
        var generator = SystemRandomNumberGenerator()
        for round in 0..<10 {
            let server = try ServerProcess(arguments: ["serve", "--port", "0", "--log-level", "warning"] + site, in: directory)
            let killAt = Date().addingTimeInterval(Double.random(in: 0.05...0.8, using: &generator))
            let killer = Thread {
                Thread.sleep(until: killAt)
                server.kill()
            }
            killer.start()
            var n = 0
            while Date() < killAt.addingTimeInterval(0.2) {
                n += 1
                let marker = "w-\(round)-\(n)"
                let json = #"{"title":{"sv":"\#(marker)","en":"\#(marker)"},"body":{"sv":"b","en":"b"},"impact":"minor"}"#
                guard let response = try? HTTPTestClient(port: server.port, timeoutSeconds: 2).send(
                    "POST", "/api/v1/incidents", headers: [("Authorization", "Bearer \(bearer)"), ("Content-Type", "application/json")],
                    body: json) else { continue }
                if round == 0 && n == 1 { try #require(response.status != 404, "POST /api/v1/incidents is not routed") }
                if (200..<300).contains(response.status) { acknowledged.append(marker) }
            }
            while !killer.isFinished { Thread.sleep(forTimeInterval: 0.01) }
            server.wait()
        }
        #expect(acknowledged.count > 10)

        let store = try StatusStore.open(path: directory.appendingPathComponent("d.sqlite").path, migrationsDirectory: Self.migrations)
        defer { try? store.close() }
        #expect(try store.rawStrings("PRAGMA integrity_check") == ["ok"])
        let titles = Set(try store.incidentIDs().compactMap { try store.incident(id: $0)?.title[.swedish] })
        let lost = acknowledged.filter { !titles.contains($0) }
        #expect(lost.isEmpty, "acknowledged but lost: \(lost)")
    }

    /// What can run without the API: `driftstatus demo` writes ~40 transactions through the
    /// store; killed at random moments, the file stays intact and every transaction is whole.
    @Test func storeWritesKilledAtRandomLeaveAnIntactDatabase() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SystemRandomNumberGenerator()
        for round in 0..<10 {
            let name = "demo-\(round).sqlite"
            // Migrate first so the kill lands among the demo's writes rather than in start-up.
            #expect(try CommandLineTests.run(["migrate", "--db", name, "--site", TestSite.repositoryRoot.path], in: directory).status == 0)
            let demo = try ServerProcess(arguments: ["demo", "--db", name, "--site", TestSite.repositoryRoot.path], in: directory,
                                         waitForListening: false)
            Thread.sleep(forTimeInterval: Double.random(in: 0.15...0.6, using: &generator))
            demo.kill()
            demo.wait()

            let store = try StatusStore.open(path: directory.appendingPathComponent(name).path, migrationsDirectory: Self.migrations)
            defer { try? store.close() }
            #expect(try store.rawStrings("PRAGMA integrity_check") == ["ok"], "round \(round)")
            #expect((0...8).contains(try store.components().count), "round \(round)")
            for id in try store.incidentIDs() {
                // An incident and its first update are one transaction: never one without the other.
                let incident = try #require(try store.incident(id: id))
                #expect(!incident.updates.isEmpty, "round \(round): incident \(id) without updates")
            }
        }
    }
}

/// A `driftstatus` child process; for `serve`, the port from its `listening on` line.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    private(set) var port = 0

    init(arguments: [String], in directory: URL, waitForListening: Bool = true, environment: [String: String] = [:],
         standardError: Pipe? = nil) throws {
        process.executableURL = CommandLineTests.binary
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = standardError ?? FileHandle.nullDevice
        try process.run()
        guard waitForListening else { return }
        var line = ""
        while !line.hasSuffix("\n") {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line += String(decoding: byte, as: UTF8.self)
        }
        guard let match = line.firstMatch(of: /listening on https?:\/\/[^:]+:(\d+)/), let port = Int(match.1) else {
            kill()
            throw ServerProcessError(line: line)
        }
        self.port = port
    }

    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    func wait() { process.waitUntilExit() }
}

struct ServerProcessError: Error, CustomStringConvertible {
    let line: String
    var description: String { "the server did not announce its address (got \"\(line)\")" }
}
