/// Where an S3-compatible bucket is and how to sign for it (AWS S3, Cloudflare R2, MinIO,
/// Backblaze B2, moto).
public struct S3Configuration: Sendable, Equatable {
    /// The service's base URL without the bucket, e.g. `https://s3.eu-north-1.amazonaws.com`
    /// or `http://127.0.0.1:9000`.
    public var endpoint: String
    /// The signing region (`eu-north-1`; R2 uses `auto`, MinIO accepts `us-east-1`).
    public var region: String
    public var accessKeyID: String
    public var secretAccessKey: String
    public var bucket: String
    /// `endpoint/bucket/key` instead of `bucket.endpoint/key`: what MinIO and moto need.
    public var pathStyle: Bool
    /// For one request, connecting included.
    public var timeout: Double

    public init(endpoint: String, region: String, accessKeyID: String, secretAccessKey: String, bucket: String,
                pathStyle: Bool, timeout: Double = 30) {
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.region = region; self.accessKeyID = accessKeyID; self.secretAccessKey = secretAccessKey
        self.bucket = bucket; self.pathStyle = pathStyle; self.timeout = timeout
    }

    /// The URL of `key` (already without a leading slash), each segment percent-encoded the way
    /// Signature V4's canonical URI expects (libcurl signs the path exactly as given).
    public func objectURL(key: String) -> String {
        let path = key.split(separator: "/", omittingEmptySubsequences: false).map { Self.encode(String($0)) }.joined(separator: "/")
        guard !pathStyle, let schemeEnd = endpoint.range(of: "://") else {
            return "\(endpoint)/\(Self.encode(bucket))/\(path)"
        }
        return "\(endpoint[..<schemeEnd.upperBound])\(bucket).\(endpoint[schemeEnd.upperBound...])/\(path)"
    }

    /// RFC 3986 unreserved characters stay; every other byte becomes %XX.
    static func encode(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
