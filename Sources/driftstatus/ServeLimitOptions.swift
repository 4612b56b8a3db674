import ArgumentParser
import HTTPServer
import Logging
import StatusSite

/// `serve`'s limits, TLS, logging and metrics options. Defaults are safe for a public server.
struct ServeLimitOptions: ParsableArguments {
    @Option(name: .long, help: "Certificate chain (PEM) for HTTPS; needs --tls-key.")
    var tlsCert: String?

    @Option(name: .long, help: "Private key (PEM) for HTTPS; needs --tls-cert.")
    var tlsKey: String?

    @Option(name: .long, help: "Largest request body accepted, in bytes; larger ones get 413.")
    var maxBodyBytes: Int = 1 << 20

    @Option(name: .long, help: "Memory per connection for the request line and headers, in bytes; larger get 431/414.")
    var maxHeaderBytes: Int = 32 * 1024

    @Option(name: .long, help: "Longest request target (path and query), in bytes; longer ones get 414.")
    var maxUrlLength: Int = 8 * 1024

    @Option(name: .long, help: "Connections open at once; further ones are closed at once.")
    var maxConnections: Int = 4096

    @Option(name: .long, help: "Close a connection after this many seconds without data (slow or idle clients).")
    var idleTimeout: Int = 30

    @Option(name: .long, help: "Most fields an admin form may send; more are refused with 400.")
    var maxFormFields: Int = FormLimits.standard.maximumFields

    @Option(name: .long, help: "Longest admin form field (name or value) after decoding, in bytes; longer is refused with 400.")
    var maxFormFieldBytes: Int = FormLimits.standard.maximumFieldBytes

    var formLimits: FormLimits { FormLimits(maximumFields: maxFormFields, maximumFieldBytes: maxFormFieldBytes) }

    @Option(name: .long, help: "trace, debug, info (one line per request), notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @Option(name: .long, help: "Serve /metrics to clients sending 'Authorization: Bearer TOKEN' (default: loopback clients only).")
    var metricsToken: String?

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError(tlsCert == nil ? "--tls-key needs --tls-cert as well" : "--tls-cert needs --tls-key as well")
        }
        guard maxBodyBytes >= 0 else { throw ValidationError("--max-body-bytes must not be negative, not \(maxBodyBytes)") }
        guard maxHeaderBytes >= 1024 else { throw ValidationError("--max-header-bytes must be at least 1024, not \(maxHeaderBytes)") }
        guard maxUrlLength >= 64 else { throw ValidationError("--max-url-length must be at least 64, not \(maxUrlLength)") }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1, not \(maxConnections)") }
        guard maxFormFields >= 50 else { throw ValidationError("--max-form-fields must be at least 50, not \(maxFormFields)") }
        guard maxFormFieldBytes >= 1024 else { throw ValidationError("--max-form-field-bytes must be at least 1024, not \(maxFormFieldBytes)") }
        guard idleTimeout >= 1 else { throw ValidationError("--idle-timeout must be at least 1 second, not \(idleTimeout)") }
        if let metricsToken, metricsToken.count < 16 || !metricsToken.allSatisfy({ $0.isASCII && !$0.isWhitespace }) {
            throw ValidationError("--metrics-token must be at least 16 printable characters without spaces")
        }
    }

    /// The certificate and key read and checked now, so a mistake is reported before binding.
    func tlsConfiguration() throws -> TLSConfiguration? {
        guard let tlsCert, let tlsKey else { return nil }
        do {
            return try TLSConfiguration(certificateFile: tlsCert, keyFile: tlsKey)
        } catch {
            throw ValidationError("TLS: \(error)")
        }
    }

    func apply(to configuration: inout ServerConfiguration) {
        configuration.maxRequestBodyBytes = maxBodyBytes
        configuration.maxHeaderBytes = maxHeaderBytes
        configuration.maxURLLength = maxUrlLength
        configuration.connectionLimit = maxConnections
        configuration.connectionTimeoutSeconds = idleTimeout
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
