#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A certificate chain and its private key, both PEM, for serving HTTPS (libmicrohttpd with
/// GnuTLS). Encrypted private keys are not supported.
public struct TLSConfiguration: Sendable, Equatable {
    /// The server certificate, optionally followed by intermediate certificates, PEM.
    public var certificatePEM: [UInt8]
    /// The private key of the first certificate, PEM (PKCS#1, PKCS#8 or SEC1), unencrypted.
    public var privateKeyPEM: [UInt8]

    /// The GnuTLS priority string every HTTPS daemon gets: TLS 1.2 and 1.3 only; in TLS 1.2
    /// only ECDHE key exchange (forward secrecy) with AEAD ciphers (AES-GCM, ChaCha20-Poly1305),
    /// which is Mozilla's "intermediate" profile without DHE. The server's order wins.
    public static let priorities = "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
        + ":-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:-MAC-ALL:+AEAD"
        + ":-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:%SERVER_PRECEDENCE"

    public init(certificatePEM: [UInt8], privateKeyPEM: [UInt8]) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    /// Reads both files now, so a bad path fails at configuration time with a clear reason.
    public init(certificateFile: String, keyFile: String) throws(TLSConfigurationError) {
        let certificate = try Self.readPEMFile(certificateFile, kind: .certificate)
        let key = try Self.readPEMFile(keyFile, kind: .privateKey)
        self.init(certificatePEM: certificate, privateKeyPEM: key)
    }

    /// A one-line reason when the PEM text cannot be right, else nil. GnuTLS checks the rest
    /// (that the key parses and matches the certificate) when the server starts.
    func validationProblem() -> String? {
        if let problem = PEMKind.certificate.problem(in: certificatePEM) { return problem }
        return PEMKind.privateKey.problem(in: privateKeyPEM)
    }

    private static func readPEMFile(_ path: String, kind: PEMKind) throws(TLSConfigurationError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .missingFile(kind, path: path) }
            throw .unreadable(kind, path: path, reason: ListeningSocket.errorText(code))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadable(kind, path: path, reason: "not a regular file")
        }
        guard let file = fopen(path, "rb") else {
            throw .unreadable(kind, path: path, reason: ListeningSocket.errorText(errno))
        }
        defer { fclose(file) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            contents.append(contentsOf: chunk[..<count])
            if count < chunk.count { break }
            // A PEM certificate chain is a few kilobytes; anything this large is the wrong file.
            if contents.count > 1 << 20 { throw .notPEM(kind, path: path, reason: "larger than 1 MiB") }
        }
        guard ferror(file) == 0 else {
            throw .unreadable(kind, path: path, reason: ListeningSocket.errorText(errno))
        }
        if let problem = kind.pemProblem(in: contents) { throw .notPEM(kind, path: path, reason: problem) }
        return contents
    }
}

/// Which of the two TLS files something is about.
public enum PEMKind: String, Sendable, Equatable {
    case certificate = "certificate"
    case privateKey = "private key"

    /// "TLS: the certificate is not PEM: ..." or nil.
    func problem(in bytes: [UInt8]) -> String? {
        pemProblem(in: bytes).map { "TLS: the \(rawValue) is not usable: \($0)" }
    }

    /// What is wrong with `bytes` as PEM of this kind, or nil.
    func pemProblem(in bytes: [UInt8]) -> String? {
        if bytes.isEmpty { return "it is empty" }
        // GnuTLS reads the PEM as a C string; a NUL would cut it short without a clear error.
        if bytes.contains(0) { return "it contains a NUL byte (binary DER is not supported, use PEM)" }
        switch self {
        case .certificate:
            if !bytes.containsSequence("-----BEGIN CERTIFICATE-----") {
                return "no \"-----BEGIN CERTIFICATE-----\" block (expected PEM)"
            }
        case .privateKey:
            if bytes.containsSequence("-----BEGIN ENCRYPTED PRIVATE KEY-----")
                || bytes.containsSequence("Proc-Type: 4,ENCRYPTED") {
                return "the key is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)"
            }
            if !bytes.containsSequence("PRIVATE KEY-----") {
                return "no \"-----BEGIN PRIVATE KEY-----\" block (expected PEM)"
            }
        }
        return nil
    }
}

/// Why a TLS certificate or key file could not be used.
public enum TLSConfigurationError: Error, Equatable, CustomStringConvertible {
    case missingFile(PEMKind, path: String)
    case unreadable(PEMKind, path: String, reason: String)
    case notPEM(PEMKind, path: String, reason: String)

    public var description: String {
        switch self {
        case .missingFile(let kind, let path):
            return "TLS \(kind.rawValue) file \(path) does not exist"
        case .unreadable(let kind, let path, let reason):
            return "cannot read the TLS \(kind.rawValue) file \(path): \(reason)"
        case .notPEM(let kind, let path, let reason):
            return "the TLS \(kind.rawValue) file \(path) is not a PEM \(kind.rawValue): \(reason)"
        }
    }
}

extension [UInt8] {
    fileprivate func containsSequence(_ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard !needle.isEmpty, count >= needle.count else { return false }
        return (0...(count - needle.count)).contains { start in
            self[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}

/// NUL-terminated copies of the PEM texts that libmicrohttpd holds pointers to for as long as
/// the daemon runs; the key copy is wiped before it is freed.
final class TLSMemory: @unchecked Sendable {
    // @unchecked: the pointers are written once in init and only read (by MHD) afterwards.
    let certificate: UnsafeMutablePointer<CChar>
    let privateKey: UnsafeMutablePointer<CChar>
    let priorities: UnsafeMutablePointer<CChar>
    private let keyCount: Int

    init(_ configuration: TLSConfiguration) {
        certificate = Self.cString(configuration.certificatePEM)
        privateKey = Self.cString(configuration.privateKeyPEM)
        priorities = Self.cString(Array(TLSConfiguration.priorities.utf8))
        keyCount = configuration.privateKeyPEM.count + 1
    }

    deinit {
        memset(privateKey, 0, keyCount)
        certificate.deallocate()
        privateKey.deallocate()
        priorities.deallocate()
    }

    private static func cString(_ bytes: [UInt8]) -> UnsafeMutablePointer<CChar> {
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        for (index, byte) in bytes.enumerated() { pointer[index] = CChar(bitPattern: byte) }
        pointer[bytes.count] = 0
        return pointer
    }
}
