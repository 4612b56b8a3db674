#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes bytes at a pointer with no checks: for lines whose length is bounded in advance
/// (`PlainRequestLine`) and small fixed fields (`LogfmtLine.decimal`). The caller guarantees
/// room; nothing here grows or counts capacity, which is what makes it cheaper than appending
/// to an array byte by byte.
struct ByteWriter {
    let base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0

    init(_ base: UnsafeMutablePointer<UInt8>) {
        self.base = base
    }

    var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// After writing `count` bytes at `base + self.count` directly.
    mutating func advance(_ count: Int) {
        self.count += count
    }

    mutating func byte(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    mutating func literal(_ text: StaticString) {
        memcpy(base + count, text.utf8Start, text.utf8CodeUnitCount)
        count += text.utf8CodeUnitCount
    }

    mutating func text(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            if let source = bytes.baseAddress { memcpy(base + count, source, bytes.count) }
            count += bytes.count
        }
    }

    /// At most 20 bytes.
    mutating func decimal(_ number: Int) {
        if number < 0 {
            byte(UInt8(ascii: "-"))
            decimal(number == .min ? Int.max : -number)
            return
        }
        var digits = 1
        var rest = number / 10
        while rest > 0 { digits += 1; rest /= 10 }
        rest = number
        for position in stride(from: count + digits - 1, through: count, by: -1) {
            base[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        count += digits
    }

    /// 16 lowercase hex digits.
    mutating func hex(_ value: UInt64) {
        for position in 0..<16 {
            let nibble = UInt8(truncatingIfNeeded: value >> (UInt64(15 - position) * 4)) & 0xF
            byte(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
        }
    }

    /// `12.345`: microseconds as milliseconds with three decimals.
    mutating func milliseconds(fromMicroseconds microseconds: Int64) {
        let microseconds = max(0, microseconds)
        decimal(Int(microseconds / 1000))
        byte(UInt8(ascii: "."))
        let fraction = Int(microseconds % 1000)
        if fraction < 100 { byte(UInt8(ascii: "0")) }
        if fraction < 10 { byte(UInt8(ascii: "0")) }
        decimal(fraction)
    }
}
