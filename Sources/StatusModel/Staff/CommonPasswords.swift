/// Passwords too common to use (`wordlists/common-passwords.txt`), compared without regard to case.
/// Loading the file is the caller's job: this type only holds and checks the list.
public struct CommonPasswords: Sendable {
    private let lowercased: Set<String>

    public init(_ passwords: some Sequence<String>) {
        lowercased = Set(passwords.map { $0.lowercased() })
    }

    /// One password per line; empty lines and lines starting with "#" are skipped.
    public init(listText: String) {
        self.init(listText.split(whereSeparator: \.isNewline).lazy.filter { !$0.hasPrefix("#") }.map(String.init))
    }

    public var count: Int { lowercased.count }

    public func contains(_ password: String) -> Bool {
        lowercased.contains(password.lowercased())
    }
}
