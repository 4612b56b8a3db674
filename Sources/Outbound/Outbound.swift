import CCurl

/// Sends mail and HTTP POSTs through libcurl. See `MailMessage`, `SMTPRelay` and `WebhookPoster`.
public enum Outbound {
    public static var libcurlVersion: String { String(cString: curl_version()) }
}
