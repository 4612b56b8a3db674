import StatusModel

// The values `templates/admin/*.mustache` lay out. Every admin page is a heading, notices and
// blocks; a block holds text, links, previews, list items and/or one form. Field names are unique
// across these types on purpose: a Mustache lookup that misses climbs to enclosing values.

struct AdminPageView {
    var heading: String
    var notices: [NoticeView] = []
    var blocks: [BlockView] = []
}

struct NoticeView {
    enum Kind: String { case info, success, warning, error }
    let noticeKind: String
    let noticeRole: String
    let noticeTitle: String
    let noticeItems: [String]
    let hasNoticeItems: Bool
    let noticeLinks: [NoticeLinkView]
    let hasNoticeLinks: Bool

    init(_ kind: Kind, _ title: String, items: [String] = [], links: [NoticeLinkView] = []) {
        noticeKind = kind.rawValue
        noticeRole = kind == .error || kind == .warning ? "alert" : "status"
        noticeTitle = title; noticeItems = items; hasNoticeItems = !items.isEmpty
        noticeLinks = links; hasNoticeLinks = !links.isEmpty
    }
}

/// A notice line that ends in a link ("Checkout: no update for 75 minutes. Post an update").
struct NoticeLinkView {
    let noticeLinkText: String
    let noticeLinkHref: String
    let noticeLinkLabel: String
}

struct LinkItem {
    let href: String
    let label: String
}

struct PreviewView {
    let previewLabel: String
    let previewLang: String
    /// Rendered by the public templates, which escape all staff text.
    let previewHTML: String
}

struct DetailsView {
    let detailsSummary: String
    let detailsText: String
}

struct ItemView {
    var itemTitle: String
    var itemHref: String? = nil
    var itemLines: [String] = []
    var itemDetails: [DetailsView] = []
    var itemLinks: [LinkItem] = []
    var itemActions: [FormView] = [] { didSet { hasItemActions = !itemActions.isEmpty } }
    var hasItemActions = false

    init(_ title: String, href: String? = nil, lines: [String] = [], details: [DetailsView] = [], actions: [FormView] = []) {
        itemTitle = title; itemHref = href; itemLines = lines; itemDetails = details; itemActions = actions
        hasItemActions = !actions.isEmpty
    }
}

struct BlockView {
    var blockHeading = ""
    var hasBlockHeading = false
    var paragraphs: [String] = []
    var links: [LinkItem] = []
    var blockNotices: [NoticeView] = []
    var secret: String? = nil
    var previews: [PreviewView] = []
    var items: [ItemView] = []
    var isEmptyList = false
    var emptyText = ""
    var form: FormView? = nil
    var moreHref: String? = nil
    var moreLabel = ""

    init(_ heading: String? = nil) {
        blockHeading = heading ?? ""
        hasBlockHeading = heading != nil
    }

    /// A list that says `empty` when it has no items.
    static func list(_ heading: String?, items: [ItemView], empty: String) -> BlockView {
        var block = BlockView(heading)
        block.items = items
        block.isEmptyList = items.isEmpty
        block.emptyText = empty
        return block
    }
}

struct HiddenField {
    let hiddenName: String
    let hiddenValue: String
}

struct ButtonView {
    let buttonName: String
    let buttonValue: String
    let buttonLabel: String
    let buttonClass: String

    init(_ label: String, name: String = "action", value: String = "save", style: String = "") {
        buttonLabel = label; buttonName = name; buttonValue = value; buttonClass = style
    }
}

struct FieldsetView {
    let legend: String
    let legendError: String
    let hasLegendError: Bool
    let legendErrorID: String
    let fieldsetHint: String?
    let members: [FieldView]
}

/// One row of a form: a field, a pair of language versions side by side, or a fieldset.
struct FormRowView {
    var field: FieldView? = nil
    var pair: [FieldView] = []
    var hasPair = false
    var fieldset: FieldsetView? = nil

    static func single(_ field: FieldView) -> FormRowView { FormRowView(field: field) }
    static func languages(_ fields: [FieldView]) -> FormRowView { FormRowView(pair: fields, hasPair: true) }
    static func group(_ fieldset: FieldsetView) -> FormRowView { FormRowView(fieldset: fieldset) }
}

struct FormView {
    let action: String
    let csrf: String
    var formClass = "admin-form"
    /// A GET form (a search box) sends no CSRF token: it would end up in the address and logs.
    var isGetForm = false
    var hiddenFields: [HiddenField] = []
    var formNotices: [NoticeView] = []
    var rows: [FormRowView] = []
    var buttons: [ButtonView] = []

    /// `idPrefix` keeps element ids unique when a page holds several forms with the same field names.
    init(action: String, csrf: String, rows: [FormRowView] = [], buttons: [ButtonView] = [], hidden: [HiddenField] = [],
         inline: Bool = false, idPrefix: String = "") {
        self.action = action; self.csrf = csrf; self.buttons = buttons; hiddenFields = hidden
        self.rows = idPrefix.isEmpty ? rows : rows.map { row in
            var row = row
            row.field = row.field?.prefixed(idPrefix)
            row.pair = row.pair.map { $0.prefixed(idPrefix) }
            row.fieldset = row.fieldset.map { set in
                FieldsetView(legend: set.legend, legendError: set.legendError, hasLegendError: set.hasLegendError,
                             legendErrorID: idPrefix + set.legendErrorID, fieldsetHint: set.fieldsetHint,
                             members: set.members.map { $0.prefixed(idPrefix) })
            }
            return row
        }
        formClass = inline ? "inline-form" : "admin-form"
    }
}

struct OptionView {
    let optionValue: String
    let optionLabel: String
    let isSelected: Bool
}

struct FieldView {
    enum Kind { case input(String), textarea, select([(String, String)]), checkbox }

    var fieldID: String
    let fieldName: String
    let fieldLabel: String
    let fieldValue: String
    let fieldError: String
    let hasFieldError: Bool
    let fieldHint: String
    let hasFieldHint: Bool
    let inputType: String
    let isInput: Bool
    let isTextarea: Bool
    let isSelect: Bool
    let isCheckbox: Bool
    let isChecked: Bool
    let options: [OptionView]
    let fieldLang: String
    let hasFieldLang: Bool
    let autocomplete: String?

    init(_ kind: Kind, name: String, label: String, value: String = "", error: String? = nil, hint: String? = nil,
         lang: LanguageCode? = nil, autocomplete: String? = nil) {
        fieldName = name
        fieldID = "f-" + String(name.map { $0.isLetter || $0.isNumber ? $0 : "-" })
        fieldLabel = label; fieldValue = value
        fieldError = error ?? ""; hasFieldError = error != nil
        fieldHint = hint ?? ""; hasFieldHint = hint != nil
        fieldLang = lang?.rawValue ?? ""; hasFieldLang = lang != nil
        self.autocomplete = autocomplete
        switch kind {
        case .input(let type):
            inputType = type; isInput = true; isTextarea = false; isSelect = false; isCheckbox = false; isChecked = false; options = []
        case .textarea:
            inputType = ""; isInput = false; isTextarea = true; isSelect = false; isCheckbox = false; isChecked = false; options = []
        case .select(let choices):
            inputType = ""; isInput = false; isTextarea = false; isSelect = true; isCheckbox = false; isChecked = false
            options = choices.map { OptionView(optionValue: $0.0, optionLabel: $0.1, isSelected: $0.0 == value) }
        case .checkbox:
            inputType = "checkbox"; isInput = false; isTextarea = false; isSelect = false; isCheckbox = true
            isChecked = !value.isEmpty; options = []
        }
    }
}

extension FieldView {
    func prefixed(_ prefix: String) -> FieldView {
        var copy = self
        copy.fieldID = prefix + fieldID
        return copy
    }
}
