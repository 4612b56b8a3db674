import StatusModel

/// The demo company's components: an online accounting service for small businesses.
enum DemoCatalog {
    /// Old enough that the 90-day uptime bars are full.
    static let establishedDaysAgo = 120
    /// Receipt scanning is new: its first bars show "no data".
    static let receiptScanningAddedDaysAgo = 40

    static let groups: [DemoGroupScript] = [
        DemoGroupScript(
            name: bilingual("Webbapplikation", "Web application"),
            description: bilingual("Det du använder i webbläsaren.", "What you use in your browser."),
            components: [
                component("login", "Inloggning", "Login",
                          "Inloggning med BankID, lösenord och enkel inloggning (SSO).",
                          "Sign-in with BankID, password and single sign-on (SSO)."),
                component("bookkeeping", "Bokföring", "Bookkeeping",
                          "Verifikationer, huvudbok, momsredovisning och rapporter.",
                          "Vouchers, general ledger, VAT returns and reports."),
                component("invoicing", "Fakturering", "Invoicing",
                          "Kundfakturor, offerter och e-fakturor via Peppol.",
                          "Customer invoices, quotes and e-invoices via Peppol."),
                component("payroll", "Lön", "Payroll",
                          "Lönekörningar, lönebesked och arbetsgivardeklarationer.",
                          "Pay runs, payslips and employer declarations."),
            ]
        ),
        DemoGroupScript(
            name: bilingual("Integrationer", "Integrations"),
            description: bilingual("Kopplingar till banker och andra system.", "Connections to banks and other systems."),
            components: [
                component("bank-sync", "Banksynkronisering", "Bank synchronisation",
                          "Automatisk hämtning av transaktioner från din bank.",
                          "Automatic import of transactions from your bank."),
                component("public-api", "Öppet API", "Public API",
                          "REST-API för integrationer och partnerappar.",
                          "REST API for integrations and partner apps."),
            ]
        ),
    ]

    /// Shown outside any group.
    static let ungrouped: [DemoComponentScript] = [
        component("mobile-app", "Mobilapp", "Mobile app",
                  "Appen för iOS och Android.",
                  "The app for iOS and Android."),
        component("receipt-scanning", "Kvittotolkning", "Receipt scanning",
                  "Fotografera kvittot så läses belopp, datum och moms av automatiskt.",
                  "Take a photo of a receipt and the amount, date and VAT are read automatically.",
                  addedDaysAgo: receiptScanningAddedDaysAgo),
    ]

    private static func component(_ slug: String, _ nameSV: String, _ nameEN: String,
                                  _ descriptionSV: String, _ descriptionEN: String,
                                  addedDaysAgo: Int = establishedDaysAgo) -> DemoComponentScript {
        DemoComponentScript(slug: slug, name: bilingual(nameSV, nameEN),
                            description: bilingual(descriptionSV, descriptionEN), addedDaysAgo: addedDaysAgo)
    }
}
