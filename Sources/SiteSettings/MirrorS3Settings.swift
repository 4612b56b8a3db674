import Foundation

/// How `serve --mirror s3://BUCKET/PREFIX` reaches its bucket (`[mirror.s3]` in driftstatus.toml,
/// `DRIFTSTATUS_MIRROR_S3_*` in the environment). The bucket and prefix come from the command line.
public struct MirrorS3Settings: Sendable, Equatable {
    /// The service's base URL without the bucket; nil means AWS S3 in `region`.
    public var endpoint: String?
    public var region: String
    public var accessKeyID: String?
    public var secretAccessKey: String?
    /// `endpoint/bucket/key` URLs (MinIO, moto, many self-hosted services) instead of `bucket.endpoint/key`.
    public var pathStyle: Bool
    /// Store HTML, feeds and JSON gzip-compressed with `Content-Encoding: gzip`.
    public var gzip: Bool

    public init(endpoint: String? = nil, region: String = "us-east-1", accessKeyID: String? = nil, secretAccessKey: String? = nil,
                pathStyle: Bool = false, gzip: Bool = false) {
        self.endpoint = endpoint; self.region = region; self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey; self.pathStyle = pathStyle; self.gzip = gzip
    }

    /// `endpoint`, or AWS's for the region.
    public var resolvedEndpoint: String { endpoint ?? "https://s3.\(region).amazonaws.com" }

    /// The keys, as `mirror.s3.key`, with their checks: shared by the file and the environment.
    static let keys: [String: @Sendable (inout MirrorS3Settings, String) throws(InvalidValue) -> Void] = [
        "mirror.s3.endpoint": { settings, raw throws(InvalidValue) in settings.endpoint = try SettingValues.baseURL(raw) },
        "mirror.s3.region": { settings, raw throws(InvalidValue) in
            let region = raw.trimmingCharacters(in: .whitespaces)
            guard !region.isEmpty, region.count <= 64, region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw InvalidValue(reason: "\(SettingValues.quoted(raw)) is not a region name like \"eu-north-1\"")
            }
            settings.region = region
        },
        "mirror.s3.access_key_id": { settings, raw throws(InvalidValue) in settings.accessKeyID = try SettingValues.credential(raw) },
        "mirror.s3.secret_access_key": { settings, raw throws(InvalidValue) in settings.secretAccessKey = try SettingValues.credential(raw) },
        "mirror.s3.path_style": { settings, raw throws(InvalidValue) in settings.pathStyle = try SettingValues.boolean(raw) },
        "mirror.s3.gzip": { settings, raw throws(InvalidValue) in settings.gzip = try SettingValues.boolean(raw) },
    ]
}

extension SettingValues {
    /// A key or secret: visible ASCII, since it goes into a signature and an HTTP header.
    static func credential(_ raw: String) throws(InvalidValue) -> String {
        guard !raw.isEmpty, raw.count <= 256, raw.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw InvalidValue(reason: "must be 1–256 visible ASCII characters without spaces")
        }
        return raw
    }
}
