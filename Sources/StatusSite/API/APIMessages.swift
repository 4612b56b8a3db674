import StatusModel

/// The API's human-readable texts in Swedish and English (chosen by Accept-Language; English for
/// any other language, since API readers are developers). Machine-readable `code`s never change.
struct APIMessages: Sendable {
    let language: LanguageCode

    private var isSwedish: Bool { language == .swedish }

    private func text(_ swedish: String, _ english: String) -> String { isSwedish ? swedish : english }

    /// The problem `title` for a status code (RFC 9457: the same for every occurrence of the type).
    func title(status: Int) -> String {
        switch status {
        case 401: text("Inloggning krävs", "Authentication required")
        case 403: text("Inte tillåtet", "Forbidden")
        case 404: text("Hittades inte", "Not found")
        case 405: text("Metoden stöds inte", "Method not allowed")
        case 409: text("Konflikt", "Conflict")
        case 413: text("För stor begäran", "Request body too large")
        case 415: text("Fel innehållstyp", "Unsupported media type")
        case 422: text("Ogiltig begäran", "Unprocessable request")
        case 500: text("Internt fel", "Internal server error")
        case 503: text("Tillfälligt otillgänglig", "Service unavailable")
        default: text("Fel", "Error")
        }
    }

    /// The message for one refused field; `expected` names the wanted type or values.
    func message(code: String, limit: Int?, expected: String? = nil) -> String {
        switch code {
        case ValidationCode.required.rawValue: return text("Måste anges.", "Is required.")
        case ValidationCode.tooLong.rawValue:
            return text("Får vara högst \(limit ?? 0) tecken.", "Must be at most \(limit ?? 0) characters.")
        case ValidationCode.tooShort.rawValue:
            return text("Måste vara minst \(limit ?? 0) tecken.", "Must be at least \(limit ?? 0) characters.")
        case ValidationCode.invalid.rawValue: return text("Ogiltigt värde.", "Invalid value.")
        case ValidationCode.unknownComponent.rawValue:
            return text("Okänd komponent.", "Unknown component.")
        case ValidationCode.endBeforeStart.rawValue:
            return text("Slutet måste vara efter starten.", "The end must be after the start.")
        case ValidationCode.duplicate.rawValue: return text("Förekommer mer än en gång.", "Appears more than once.")
        case ValidationCode.tooSimple.rawValue:
            return text("För enkelt: inte ett och samma tecken upprepat och inte bara blanksteg.",
                        "Too simple: not one character repeated, and not only spaces.")
        case ValidationCode.tooCommon.rawValue:
            return text("För vanligt: finns på listan över vanliga lösenord.", "Too common: on the list of common passwords.")
        case ValidationCode.notAllowed.rawValue:
            return text("Språket används inte på den här webbplatsen.", "This language is not used on this site.")
        case ValidationCode.privateAddress.rawValue:
            return text("Adressen leder till ett internt nät (loopback, privat, länklokal, multicast eller ospecificerad); "
                        + "webhookar får bara gå till publika adresser.",
                        "The address leads to an internal network (loopback, private, link-local, multicast or unspecified); "
                        + "webhooks may only reach public addresses.")
        case APIFieldCode.wrongType:
            return text("Måste vara av typen \(expected ?? "?").", "Must be of type \(expected ?? "?").")
        case APIFieldCode.unknownMember: return text("Okänt fält.", "Unknown field.")
        case APIFieldCode.invalidEnum: return text("Måste vara ett av: \(expected ?? "").", "Must be one of: \(expected ?? "").")
        case APIFieldCode.invalidDate:
            return text("Måste vara en tidpunkt enligt RFC 3339, t.ex. 2026-11-25T13:00:00Z.",
                        "Must be an RFC 3339 date-time, e.g. 2026-11-25T13:00:00Z.")
        default: return text("Ogiltigt värde.", "Invalid value.")
        }
    }

    // Problem details.
    var missingToken: String {
        text("Skicka en API-nyckel i huvudet Authorization: Bearer <nyckel>.", "Send an API token in the header Authorization: Bearer <token>.")
    }
    var invalidToken: String { text("API-nyckeln är ogiltig eller återkallad.", "The API token is invalid or revoked.") }
    var forbidden: String { text("Nyckelns roll tillåter inte detta.", "The token's role does not allow this.") }
    var unknownPath: String { text("Det finns ingen sådan adress i API:t.", "There is no such address in the API.") }
    func notFound(_ what: String) -> String { text("Hittade inte: \(what).", "Not found: \(what).") }
    func methodNotAllowed(_ allowed: String) -> String { text("Tillåtna metoder: \(allowed).", "Allowed methods: \(allowed).") }
    var unsupportedMediaType: String {
        text("Skicka kroppen som application/json (UTF-8).", "Send the body as application/json (UTF-8).")
    }
    func tooLarge(_ limit: Int) -> String { text("Kroppen får vara högst \(limit) byte.", "The body may be at most \(limit) bytes.") }
    var invalidUTF8: String { text("Kroppen är inte giltig UTF-8.", "The body is not valid UTF-8.") }
    func malformedJSON(_ offset: Int) -> String {
        text("Kroppen är inte giltig JSON (vid byte \(offset)).", "The body is not valid JSON (at byte \(offset)).")
    }
    var tooComplexJSON: String {
        text("JSON-kroppen är för djupt nästlad eller har för många värden.", "The JSON body is nested too deeply or has too many values.")
    }
    func duplicateMember(_ name: String) -> String {
        text("Fältet \"\(name)\" förekommer två gånger.", "The member \"\(name)\" appears twice.")
    }
    var invalidFields: String { text("Några fält är ogiltiga; se errors.", "Some fields are invalid; see errors.") }
    var bodyNotObject: String { text("Kroppen måste vara ett JSON-objekt.", "The body must be a JSON object.") }
    var idempotencyMismatch: String {
        text("Idempotency-Key har redan använts för en annan begäran.", "The Idempotency-Key was already used for a different request.")
    }
    var idempotencyInFlight: String {
        text("En begäran med samma Idempotency-Key pågår; försök igen.", "A request with the same Idempotency-Key is in progress; retry.")
    }
    var invalidIdempotencyKey: String {
        text("Idempotency-Key ska vara 1–255 synliga ASCII-tecken.", "Idempotency-Key must be 1–255 visible ASCII characters.")
    }
    var maintenanceClosed: String {
        text("Underhållet är redan avslutat eller inställt.", "The maintenance has already ended or been cancelled.")
    }
    func conflict(_ why: String) -> String { text("Konflikt: \(why).", "Conflict: \(why).") }
    var unexpected: String {
        text("Något gick fel på servern; felet är loggat med begärans id (X-Request-Id).",
             "Something went wrong on the server; the error is logged with the request id (X-Request-Id).")
    }
    var unavailable: String { text("Databasen kunde inte skrivas; försök igen.", "The database could not be written; try again.") }
    func missingTranslation(_ field: String) -> String {
        text("Översättning saknas: \(field).", "Missing translation: \(field).")
    }
}

/// Field error codes the API adds to StatusModel's `ValidationCode`s (about JSON shape, not content).
enum APIFieldCode {
    static let wrongType = "wrong_type"
    static let unknownMember = "unknown_field"
    static let invalidEnum = "invalid_value"
    static let invalidDate = "invalid_date"

    /// Every code a problem document may carry, for the OpenAPI enum.
    static var all: [String] {
        ValidationCode.allCases.map(\.rawValue) + [wrongType, unknownMember, invalidEnum, invalidDate]
    }
}
