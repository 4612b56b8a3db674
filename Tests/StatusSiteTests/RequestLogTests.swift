import Foundation
import Testing
import TestSupport

/// Request lines are buffered and written in the background, yet none is lost: N requests,
/// SIGTERM at once (well inside the one-second flush interval), N request lines.
@Suite(.serialized) struct RequestLogTests {
    @Test func everyRequestIsLoggedWhenSIGTERMArrivesBeforeTheFlush() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let errors = Pipe()
        let server = try ServerProcess(arguments: ["serve", "--db", "d.sqlite", "--port", "0", "--site", TestSite.repositoryRoot.path],
                                       in: directory, standardError: errors)
        let process = server.process
        let port = server.port

        let requests = 300
        let connection = try HTTPTestClient(port: port).openConnection()
        for n in 0..<requests {
            let response = try connection.send("GET", n % 3 == 0 ? "/healthz?live" : "/en/")
            #expect(response.status == 200)
        }
        process.terminate()
        let logged = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = String(decoding: logged, as: UTF8.self).split(separator: "\n").filter { $0.contains("msg=request") }
        #expect(lines.count == requests)
        #expect(lines.allSatisfy { $0.contains(" status=200 ") })
    }
}
