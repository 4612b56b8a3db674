import Foundation
import HTTPServer
import TestSupport
import Testing

private let openSSLPath = "/usr/bin/openssl"
private let curlPath = "/usr/bin/curl"
private let toolsInstalled = FileManager.default.isExecutableFile(atPath: openSSLPath)
    && FileManager.default.isExecutableFile(atPath: curlPath)

@Suite("TLS", .enabled(if: toolsInstalled, "needs \(openSSLPath) and \(curlPath) to make and try a certificate"))
struct TLSTests {
    @Test("HTTPS is served, and the handler sees isSecure")
    func servesHTTPS() throws {
        let files = try ThrowawayCertificate()
        let tls = try TLSConfiguration(certificateFile: files.certificatePath, keyFile: files.keyPath)
        let seenSecure = Shared<[Bool]>([])
        try withServer({ $0.tls = tls }, handler: { request in
            seenSecure.withLock { $0.append(request.isSecure) }
            return .text("hello over TLS \(request.path)")
        }) { server, _ in
            let result = try runTool(curlPath, ["-sk", "--max-time", "5", "https://127.0.0.1:\(server.port)/secret"])
            #expect(result.exitCode == 0)
            #expect(result.output == "hello over TLS /secret")
            #expect(seenSecure.current == [true])
        }
    }

    @Test("plain HTTP to the TLS port does not get a 200")
    func plainHTTPRefused() throws {
        let files = try ThrowawayCertificate()
        let tls = try TLSConfiguration(certificateFile: files.certificatePath, keyFile: files.keyPath)
        try withServer({ $0.tls = tls }, handler: { _ in .text("ok") }) { _, client in
            var shortClient = client
            shortClient.timeoutSeconds = 2
            let response = try? shortClient.sendRaw("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(response?.status != 200)
        }
    }

    @Test("plain servers report isSecure false")
    func plainIsNotSecure() throws {
        try withServer(handler: { .text("\($0.isSecure)") }) { _, client in
            let response = try client.send("GET", "/")
            #expect(response.text == "false")
        }
    }

    @Test("a key that does not match the certificate fails the start with a TLS reason")
    func mismatchedKey() throws {
        let first = try ThrowawayCertificate()
        let second = try ThrowawayCertificate(CertificatePair.second)
        let tls = try TLSConfiguration(certificateFile: first.certificatePath, keyFile: second.keyPath)
        try expectTLSStartFailure(tls)
    }

    @Test("a certificate that is PEM-shaped but garbage fails the start with GnuTLS's reason")
    func garbageCertificate() throws {
        let files = try ThrowawayCertificate()
        let key = try [UInt8](Data(contentsOf: URL(fileURLWithPath: files.keyPath)))
        let garbage = Array("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n".utf8)
        try expectTLSStartFailure(TLSConfiguration(certificatePEM: garbage, privateKeyPEM: key))
    }

    @Test("text that is not PEM at all is refused before libmicrohttpd sees it")
    func notPEMInMemory() throws {
        let tls = TLSConfiguration(certificatePEM: Array("hello".utf8), privateKeyPEM: Array("world".utf8))
        let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, tls: tls)) { _ in Response() }
        #expect(throws: ServerError.startFailed(
            "TLS: the certificate is not usable: no \"-----BEGIN CERTIFICATE-----\" block (expected PEM)")) {
            try server.start()
        }
    }

    @Test("file errors say which file and why")
    func fileErrors() throws {
        let files = try ThrowawayCertificate()
        let missing = files.directory.appendingPathComponent("missing.pem").path
        #expect(throws: TLSConfigurationError.missingFile(.certificate, path: missing)) {
            try TLSConfiguration(certificateFile: missing, keyFile: files.keyPath)
        }
        #expect(throws: TLSConfigurationError.missingFile(.privateKey, path: missing)) {
            try TLSConfiguration(certificateFile: files.certificatePath, keyFile: missing)
        }
        // Swapped: the key file has no certificate in it.
        do {
            _ = try TLSConfiguration(certificateFile: files.keyPath, keyFile: files.certificatePath)
            Issue.record("a key file was accepted as a certificate")
        } catch {
            #expect(error.description.hasPrefix("the TLS certificate file \(files.keyPath) is not a PEM certificate"))
        }
        do {
            _ = try TLSConfiguration(certificateFile: files.directory.path, keyFile: files.keyPath)
            Issue.record("a directory was accepted as a certificate")
        } catch {
            #expect(error == .unreadable(.certificate, path: files.directory.path, reason: "not a regular file"))
            #expect(error.description.contains("cannot read the TLS certificate file"))
        }
    }

    @Test("only TLS 1.2 and 1.3 with forward-secret AEAD suites are accepted (real openssl s_client handshakes)")
    func modernProtocolsOnly() throws {
        let files = try ThrowawayCertificate()
        let tls = try TLSConfiguration(certificateFile: files.certificatePath, keyFile: files.keyPath)
        try withServer({ $0.tls = tls }, handler: { _ in .text("ok") }) { server, _ in
            func handshake(_ options: [String]) throws -> (succeeded: Bool, output: String) {
                let result = try runTool(openSSLPath, ["s_client", "-connect", "127.0.0.1:\(server.port)"] + options)
                return (result.exitCode == 0 && result.output.contains("Cipher is ") && !result.output.contains("Cipher is (NONE)"),
                        result.output)
            }
            // SECLEVEL=0 lets this openssl offer the old versions and suites at all, so a failed
            // handshake is the server's refusal, not the client's.
            for old in ["-tls1", "-tls1_1"] {
                let result = try handshake([old, "-cipher", "DEFAULT@SECLEVEL=0"])
                #expect(!result.succeeded, "\(old) was accepted: \(result.output)")
            }
            let tls12 = try handshake(["-tls1_2"])
            #expect(tls12.succeeded && tls12.output.contains("TLSv1.2"), "\(tls12.output)")
            let tls13 = try handshake(["-tls1_3"])
            #expect(tls13.succeeded && tls13.output.contains("TLSv1.3"), "\(tls13.output)")
            // TLS 1.2 suites without forward secrecy or with CBC and SHA-1 are refused too.
            for suite in ["AES256-SHA", "AES128-GCM-SHA256", "ECDHE-RSA-AES256-SHA", "ECDHE-RSA-AES128-SHA256"] {
                let result = try handshake(["-tls1_2", "-cipher", "\(suite):@SECLEVEL=0"])
                #expect(!result.succeeded, "\(suite) was accepted: \(result.output)")
            }
        }
    }

    private func expectTLSStartFailure(_ tls: TLSConfiguration) throws {
        let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, tls: tls)) { _ in Response() }
        do {
            try server.start()
            server.stop()
            Issue.record("the server started with an unusable certificate or key")
        } catch let error as ServerError {
            guard case .startFailed(let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(reason.hasPrefix("TLS: "), "\(reason)")
            #expect(!server.isRunning)
        }
    }
}

/// A self-signed RSA certificate for localhost and its key, PEM. Key generation is slow on a
/// busy machine, so the tests share two pairs made once per run.
private struct CertificatePair: Sendable {
    let certificate: [UInt8]
    let key: [UInt8]

    static let first = Result { try CertificatePair() }
    static let second = Result { try CertificatePair() }

    private init() throws {
        let files = try TemporaryDirectory()
        let result = try runTool(openSSLPath, [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-keyout", files.path("key.pem"), "-out", files.path("cert.pem"),
        ])
        guard result.exitCode == 0 else {
            throw ToolFailure(description: "openssl failed with status \(result.exitCode)")
        }
        certificate = try [UInt8](Data(contentsOf: URL(fileURLWithPath: files.path("cert.pem"))))
        key = try [UInt8](Data(contentsOf: URL(fileURLWithPath: files.path("key.pem"))))
    }
}

/// The pair written to cert.pem and key.pem in a fresh temporary directory, removed on deinit.
private final class ThrowawayCertificate {
    private let files: TemporaryDirectory
    var directory: URL { files.url }
    var certificatePath: String { files.path("cert.pem") }
    var keyPath: String { files.path("key.pem") }

    init(_ pair: Result<CertificatePair, any Error> = CertificatePair.first) throws {
        let pair = try pair.get()
        files = try TemporaryDirectory()
        try Data(pair.certificate).write(to: URL(fileURLWithPath: certificatePath))
        try Data(pair.key).write(to: URL(fileURLWithPath: keyPath))
    }
}

private final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("driftstatus-tls-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

private struct ToolFailure: Error, CustomStringConvertible {
    let description: String
}

/// Runs a program and returns its exit status and standard output (standard error is dropped).
private func runTool(_ path: String, _ arguments: [String]) throws -> (exitCode: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    // openssl s_client reads what to send from standard input: nothing, so it leaves after the handshake.
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
