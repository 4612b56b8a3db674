import Foundation
import Testing
import TestSupport

/// The `driftstatus` executable as operators run it: the `listening on` contract, clean
/// shutdown on SIGTERM, one-line errors with a non-zero exit.
@Suite struct CommandLineTests {
    static var binary: URL { TestSite.repositoryRoot.appendingPathComponent(".build/debug/driftstatus") }

    struct Run {
        let status: Int32
        let output: String
        let error: String
    }

    /// The port of `serve`'s first line, `listening on http://127.0.0.1:N` (read byte by byte, so
    /// nothing after it is consumed).
    static func announcedPort(_ output: Pipe) throws -> Int {
        var line = ""
        while !line.hasSuffix("\n") {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line += String(decoding: byte, as: UTF8.self)
        }
        let match = try #require(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)\n/))
        return try #require(Int(match.1))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("driftstatus-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `input` is written to standard input (then closed); `environment` is added to this process's.
    static func run(_ arguments: [String], in directory: URL, input: String? = nil, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let output = Pipe(), error = Pipe(), standardInput = Pipe()
        process.standardOutput = output
        process.standardError = error
        if input != nil { process.standardInput = standardInput }
        try process.run()
        if let input {
            standardInput.fileHandleForWriting.write(Data(input.utf8))
            try standardInput.fileHandleForWriting.close()
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
    }

    @Test func serveAnnouncesItsAddressAndStopsCleanlyOnSIGTERM() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = try Self.run(["demo", "--db", "demo.sqlite", "--site", TestSite.repositoryRoot.path], in: directory)
        #expect(demo.status == 0, "\(demo.error)")

        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--db", "demo.sqlite", "--port", "0", "--site", TestSite.repositoryRoot.path]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        try process.run()

        let port = try Self.announcedPort(output)
        let home = try HTTPTestClient(port: port).send("GET", "/sv/")
        #expect(home.status == 200)
        #expect(home.text.contains("Banksynkronisering"))

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test func invalidArgumentsGiveOneClearLineAndFailure() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let badPort = try Self.run(["serve", "--port", "70000"], in: directory)
        #expect(badPort.status != 0)
        #expect(badPort.error.contains("--port"))

        try Data("not a database, just text\n".utf8).write(to: directory.appendingPathComponent("broken.sqlite"))
        let broken = try Self.run(["migrate", "--db", "broken.sqlite", "--site", TestSite.repositoryRoot.path], in: directory)
        #expect(broken.status != 0)
        #expect(broken.error.hasPrefix("driftstatus: "))
        #expect(broken.error.split(separator: "\n").count == 1)
        #expect(try String(contentsOf: directory.appendingPathComponent("broken.sqlite"), encoding: .utf8) == "not a database, just text\n")

        try Data("time_zone = \"Europe/Stokholm\"\n".utf8).write(to: directory.appendingPathComponent("driftstatus.toml"))
        let badConfig = try Self.run(["serve", "--port", "0", "--db", "x.sqlite", "--site", TestSite.repositoryRoot.path], in: directory)
        #expect(badConfig.status != 0)
        #expect(badConfig.error.contains("driftstatus.toml:1"))
    }
}
