import Foundation
import StatusSite
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `driftstatus serve` under systemd (Type=notify, WatchdogSec=, journald), checked with a real
/// datagram socket and the real executable: what the service unit relies on.
@Suite struct ServiceManagerTests {
    @Test("READY=1 after `listening on`, WATCHDOG=1 every half WATCHDOG_USEC, STOPPING=1 on SIGTERM (abstract socket)")
    func notifiesReadyWatchdogAndStopping() throws {
        let socket = try NotifySocket(abstractName: "driftstatus-test-\(UUID().uuidString)")
        let server = try ServedProcess(environment: ["NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "400000"])
        defer { server.kill() }

        let ready = try #require(socket.receive(timeoutSeconds: 10))
        #expect(ready.split(separator: "\n").contains("READY=1"))
        #expect(ready.contains("STATUS=listening on http://127.0.0.1:\(server.port)"))
        // 0.2 s apart; three in a row prove the timer repeats.
        for _ in 0..<3 {
            #expect(socket.receive(timeoutSeconds: 5) == "WATCHDOG=1")
        }
        server.terminate()
        var stopping: String?
        while let message = socket.receive(timeoutSeconds: 5) {
            if message != "WATCHDOG=1" { stopping = message; break }
        }
        #expect(stopping == "STOPPING=1")
        server.wait()
        #expect(server.process.terminationStatus == 0)
    }

    @Test("a filesystem socket works too, and without WATCHDOG_USEC no pings are sent")
    func pathSocketWithoutWatchdog() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let socket = try NotifySocket(path: directory.appendingPathComponent("notify").path)
        let server = try ServedProcess(environment: ["NOTIFY_SOCKET": socket.address])
        defer { server.kill() }
        #expect(socket.receive(timeoutSeconds: 10)?.hasPrefix("READY=1\n") == true)
        #expect(socket.receive(timeoutSeconds: 0.5) == nil)
        server.terminate()
        #expect(socket.receive(timeoutSeconds: 5) == "STOPPING=1")
        server.wait()
    }

    @Test("under journald (JOURNAL_STREAM names our stderr) lines carry <N> priorities and no timestamp of their own")
    func journalLogForm() throws {
        let errors = Pipe()
        var status = stat()
        #expect(fstat(errors.fileHandleForWriting.fileDescriptor, &status) == 0)
        let stream = "\(status.st_dev):\(status.st_ino)"
        let journal = try ServedProcess(environment: ["JOURNAL_STREAM": stream], standardError: errors)
        defer { journal.kill() }
        _ = try HTTPTestClient(port: journal.port).send("GET", "/healthz")
        let line = try #require(Self.readLine(errors.fileHandleForReading))
        #expect(line.hasPrefix("<6>level=info msg=request "), "\(line)")
        #expect(!line.contains("ts="))

        // A stream that is not our stderr (inherited, then redirected): the usual form.
        let plainErrors = Pipe()
        let plain = try ServedProcess(environment: ["JOURNAL_STREAM": "1:1"], standardError: plainErrors)
        defer { plain.kill() }
        _ = try HTTPTestClient(port: plain.port).send("GET", "/healthz")
        let plainLine = try #require(Self.readLine(plainErrors.fileHandleForReading))
        #expect(plainLine.hasPrefix("ts="), "\(plainLine)")
    }

    static func readLine(_ handle: FileHandle) -> String? {
        var line = ""
        while !line.hasSuffix("\n") {
            let byte = handle.readData(ofLength: 1)
            guard !byte.isEmpty else { return nil }
            line += String(decoding: byte, as: UTF8.self)
        }
        return line
    }
}

/// A `driftstatus serve` child with extra environment, on a fresh database and a free port.
private final class ServedProcess {
    let process = Process()
    private(set) var port = 0
    private let directory: URL

    init(environment: [String: String], standardError: Pipe? = nil) throws {
        directory = try CommandLineTests.temporaryDirectory()
        process.executableURL = CommandLineTests.binary
        process.arguments = ["serve", "--db", "test.sqlite", "--port", "0", "--site", TestSite.repositoryRoot.path]
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.filter { !["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM"].contains($0.key) }
            .merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = standardError ?? FileHandle.nullDevice
        try process.run()
        let line = ServiceManagerTests.readLine(output.fileHandleForReading) ?? ""
        guard let match = line.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/), let port = Int(match.1) else {
            kill()
            throw ServerProcessError(line: line)
        }
        self.port = port
    }

    func terminate() { process.terminate() }
    func wait() { process.waitUntilExit() }

    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// The service manager's end of NOTIFY_SOCKET: a bound AF_UNIX datagram socket.
private final class NotifySocket {
    let address: String
    private let fd: Int32

    convenience init(abstractName: String) throws {
        try self.init(address: "@" + abstractName, sunPath: [0] + Array(abstractName.utf8))
    }

    convenience init(path: String) throws {
        try self.init(address: path, sunPath: Array(path.utf8))
    }

    private init(address: String, sunPath: [UInt8]) throws {
        self.address = address
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var name = sockaddr_un()
        name.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &name.sun_path) { $0.copyBytes(from: sunPath) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + sunPath.count)
        let bound = withUnsafePointer(to: &name) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard fd >= 0, bound == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    deinit { close(fd) }

    /// The next datagram as text, or nil when none arrives in time.
    func receive(timeoutSeconds: Double) -> String? {
        var timeout = timeval(tv_sec: Int(timeoutSeconds), tv_usec: Int((timeoutSeconds - timeoutSeconds.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let received = recv(fd, &buffer, buffer.count, 0)
        guard received >= 0 else { return nil }
        return String(decoding: buffer[0..<received], as: UTF8.self)
    }
}

/// Where the Debian package puts things: `/usr/bin/driftstatus` finds `/usr/share/driftstatus`
/// (serving from it without `--site` is checked in a real Debian root by scripts/test-deb.sh).
@Suite struct InstalledLayoutTests {
    @Test func binaryFindsItsShareDirectoryAndVersion() throws {
        let root = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let share = root.appendingPathComponent("usr/share/driftstatus")
        for folder in ["usr/bin", "usr/share/driftstatus/templates", "usr/share/driftstatus/public"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let binary = root.appendingPathComponent("usr/bin/driftstatus").path
        #expect(SiteDirectory.installedVersion(executablePath: binary) == nil)
        try Data("2.3.4\n".utf8).write(to: share.appendingPathComponent("VERSION"))
        #expect(SiteDirectory.installedVersion(executablePath: binary) == "2.3.4")
    }

    @Test func versionFlagPrintsTheVersionFile() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try String(contentsOf: TestSite.repositoryRoot.appendingPathComponent("VERSION"), encoding: .utf8)
            .split(separator: "\n").first.map(String.init)
        let run = try CommandLineTests.run(["--version"], in: directory)
        #expect(run.status == 0)
        #expect(run.output == "\(try #require(expected))\n")
    }
}
