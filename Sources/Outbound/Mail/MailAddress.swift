/// A mailbox: an address and, for the From header, an optional display name.
public struct MailAddress: Sendable, Equatable {
    /// `local@domain`, ASCII only (no SMTPUTF8; give IDN domains in their xn-- form).
    public var address: String
    /// Shown by mail clients instead of the address; may be any Unicode text.
    public var displayName: String?

    public init(_ address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }

    /// Throws unless `address` can go into a header or an SMTP command as it is: this is what
    /// stops header and SMTP command injection through an address.
    static func validate(_ address: String, role: String) throws(OutboundError) {
        if address.contains(where: \.isNewline) {
            throw .invalidInput("The \(role) address contains a line break (header injection refused).")
        }
        let forbidden: Set<UInt8> = [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ","), UInt8(ascii: ";")]
        let isPlain = address.utf8.allSatisfy { (0x21...0x7E).contains($0) && !forbidden.contains($0) }
        guard isPlain, let at = address.lastIndex(of: "@"),
              at != address.startIndex, address.index(after: at) != address.endIndex
        else {
            throw .invalidInput("The \(role) address \"\(address)\" is not a plain ASCII local@domain address.")
        }
    }
}
