import Foundation

/// SplitMix64: small, fast and deterministic, so a failing seed reproduces exactly.
public struct FuzzRandom: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The run's seed: `FUZZ_SEED` from the environment (decimal or 0x-hex) or a fixed default,
    /// printed so a failure can be replayed. Each test mixes in its own salt.
    public static func seeded(_ test: String, salt: UInt64) -> FuzzRandom {
        let text = ProcessInfo.processInfo.environment["FUZZ_SEED"] ?? ""
        let seed = (text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)) ?? 0x5EED_D21F_7517_A715
        print("\(test): FUZZ_SEED=\(seed)")
        return FuzzRandom(seed: seed ^ salt)
    }

    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    public mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    public mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) } }

    /// A scalar from the ranges that break things: ASCII markup, controls, Latin, combining marks,
    /// format characters, CJK, astral emoji, noncharacters and private use.
    public mutating func scalar() -> Unicode.Scalar {
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x20...0x7E, 0x00...0x1F, 0x7F...0xFF, 0x300...0x36F, 0x2000...0x206F,
                                             0x4E00...0x4E50, 0x1F300...0x1F64F, 0xFFF0...0xFFFF, 0xE000...0xE010, 0xFE00...0xFEFF]
        let range = pick(ranges)
        return Unicode.Scalar(UInt32.random(in: range, using: &self)) ?? "?"
    }

    public mutating func text(maxLength: Int, markup: Bool = true) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<int(0...maxLength) {
            if markup, chance(15) {
                scalars.append(contentsOf: pick(["<", ">", "&", "\"", "'", "<script>", "</p>", "&amp;", "\r\n", "\n", "\r", "=", "%", "+",
                                                 "\u{301}", "\u{200D}", "]]>", "{{x}}"]).unicodeScalars)
            } else {
                scalars.append(scalar())
            }
        }
        return String(scalars)
    }
}
