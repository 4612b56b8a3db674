/// One logfmt line built as bytes: `key=value` pairs, a value bare when it is plain and otherwise
/// quoted and escaped (`KeyValueLogHandler.quoted`). Every request writes one, so nothing here
/// goes through `String` concatenation or swift-log's metadata dictionary.
struct LogfmtLine {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Text written as it is (a key, a separator, a timestamp, a prefix).
    mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// ` key=value`, both quoted when they need to be.
    mutating func field(_ key: String, _ value: String) {
        bytes.append(UInt8(ascii: " "))
        self.value(key)
        bytes.append(UInt8(ascii: "="))
        self.value(value)
    }

    /// ` key=123`.
    mutating func field(_ key: String, integer: Int) {
        bytes.append(UInt8(ascii: " "))
        self.value(key)
        bytes.append(UInt8(ascii: "="))
        decimal(integer)
    }

    /// ` key=12.345`: microseconds as milliseconds with three decimals.
    mutating func field(_ key: String, millisecondsFromMicroseconds microseconds: Int64) {
        bytes.append(UInt8(ascii: " "))
        self.value(key)
        bytes.append(UInt8(ascii: "="))
        let microseconds = max(0, microseconds)
        decimal(Int(microseconds / 1000))
        bytes.append(UInt8(ascii: "."))
        let fraction = Int(microseconds % 1000)
        if fraction < 100 { bytes.append(UInt8(ascii: "0")) }
        if fraction < 10 { bytes.append(UInt8(ascii: "0")) }
        decimal(fraction)
    }

    mutating func value(_ value: String) {
        if KeyValueLogHandler.isPlain(value) {
            raw(value)
        } else {
            raw(KeyValueLogHandler.quoted(value))
        }
    }

    mutating func decimal(_ number: Int) {
        if number < 0 {
            bytes.append(UInt8(ascii: "-"))
            decimal(number == .min ? Int.max : -number)
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = number
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
    }
}
