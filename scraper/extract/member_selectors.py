"""The members block's selectors and words (members.py, logos.py): the logos, list or table
under an "ISECG members" heading. Data only, as selectors.py, whose conventions it follows.

The agencies' names and acronyms are read by agencies.py; the sentences announcing a join
("welcomes X as new member") are language, not markup: they live in joins.py.
"""

from __future__ import annotations

import re

# Elements whose own text may head a members block: real headings first, then short elements
# themes use as block titles. An element holding an image is a block, not its heading.
MEMBER_HEADINGS = ("h1, h2, h3, h4, h5, h6", "[role='heading']")
MEMBER_LOOSE_HEADINGS = ("p, span, strong, b, div, dt, caption, figcaption, legend, header",)
# The text of a heading that opens the members block.
# "Member agencies" in the members' languages, the agencies named: a bare "Membres",
# "Mitglieder" or "成员" heads a site's staff, its log-in box or its news (review 41)
MEMBERS_WORDS = (
    r"agences\s+(?:spatiales\s+)?membres|mitgliedsagenturen|agenzie\s+(?:spaziali\s+)?membr[oi]"
    r"|agencias\s+(?:espaciales\s+)?miembros?|агентства[-\s]участники|参加機関|加盟機関"
    r"|참여\s*기관|成员机构"
    # Not Portuguese's, Ukrainian's or Arabic's "member agencies": their other groups' labels
    # are too many to list ("Membros anteriores", "Асоційовані члени", "الداعمون"; review 47)
)
MEMBERS_HEADING = re.compile(
    r"^(?:isecg\s+|our\s+|current\s+)?(?:members?|member\s+agencies|participating\s+agencies)"
    r"(?:\s+of\s+(?:the\s+)?isecg)?\s*:?$"  # "Members of ISECG"
    rf"|^(?:{MEMBERS_WORDS})(?:\s+(?:de\s+l['\u2019]|der\s+|dell['\u2019]|del\s+)?isecg)?\s*[:：]?$",
    re.I,
)
# A bilingual heading's parts ("Membres / Members"): the other language's word alone, beside
# a part MEMBERS_HEADING reads (a bare "Membres" heads a site's staff: review 41)
MEMBERS_HEADING_PARTS = re.compile(r"\s+[/|\u00b7\u2022]\s+")
MEMBERS_WORD_BESIDE = re.compile(
    r"^(?:membres|mitglieder|miembros|membri|membros|члены|учасники|участники|成员|メンバー|회원"
    r"|الأعضاء)$",
    re.I,
)
# A heading's subtitle that only says what the members are: it comes off the heading
# ("Members <small>participating space agencies</small>"); with any other, the heading is
# read whole ("Members <small>Login</small>" heads no members block; "<small>current
# agencies</small>" says others are listed too, a bare "agencies" heads news: review 47)
MEMBER_SUBTITLE = re.compile(
    r"^(?:the\s+)?(?:(?:participating|member)\s+(?:space\s+)?|space\s+)agencies$", re.I
)
# Ends a block: the next heading among the following siblings (itself, or inside one).
MEMBER_BLOCK_END = ("h1, h2, h3, h4, h5, h6, [role='heading']",)
# The site's footer ends it too: its social links are no members (probe 14). A <nav> may be
# the block itself (a strip of member logos, review 15).
MEMBER_BLOCK_END_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "footer")
MEMBER_BLOCK_END_ROLES = ("heading", "contentinfo")
# The names of groups that are no members: "Observers", "Former members", "Sponsors"
_NOT_MEMBERS = (
    r"observers?|(?:former|past|previous)\s+members?|non-?members?"
    r"|(?:other|international)\s+organi[sz]ations?"
    # a sponsors' grid after the members' (review 29)
    r"|(?:industry\s+|our\s+)?(?:sponsors?|supporters?|funders?)|supported\s+by"
    # "Friends of ISECG" after the members' (review 47)
    r"|friends(?:\s+of\s+isecg)?|(?:thanks\s+to\s+)?our\s+sponsors"
)
# The names of other groups, whole: those, and "Partners", "Guests", "Associate members",
# "Supporting organisations" (review 47), which some sites give a category of their members
_GROUP_NAMES = (
    rf"(?:isecg\s+)?(?:{_NOT_MEMBERS}|partners?|guests?|associated?\s+members?"
    r"|supporting\s+(?:organi[sz]ations?|members?|partners?|agencies))"
)
# Names of groups that some sites give their members too ("Collaborators", "Affiliates"): after
# members were read, another group's (probe 21), whole ("Agencies affiliated with ISECG:" over
# the members is none, review 56), never before any (review 57)
_LATER_NAMES = (
    r"(?:also\s+participating|in\s+co-?operation\s+with|contributing\s+(?:organi[sz]ations?|agencies)"
    r"|invited\s+guests|invitados|collaborators?|affiliates?|colaboradores"
    r"|en\s+coopération\s+avec|en\s+cooperación\s+con|weitere\s+teilnehmer(?:innen)?)"
)
MEMBER_LATER_GROUP = re.compile(rf"^{_LATER_NAMES}\s*:?$", re.I)
# ... as a later item or row of a list: only names of groups that are no members, whole (a
# member's own note, "(affiliate)", or a sub-item "Coopération internationale" says a word of
# the looser labels below, review 54; "Partners", "Associate members", "Collaborators" and
# "Guests" are as often categories or notes of the members themselves, review 58)
MEMBER_GROUP_NAME = re.compile(
    rf"^(?:isecg\s+)?(?:{_NOT_MEMBERS}|invited\s+guests|invitados"
    r"|contributing\s+(?:organi[sz]ations?|agencies))\s*:?$",
    re.I,
)
# A Status column, and its word for an agency that is no member: "Observer", "Former member"
MEMBER_STATUS_COLUMN = re.compile(
    r"^(?:(?:status|role|membership|member\s+status)(?:\s+in\s+(?:the\s+)?isecg)?|statut|rolle"
    r"|estado|stato|mitgliedschaft)$",
    re.I,
)
MEMBER_STATUS_NOT = re.compile(
    r"^(?:observers?|(?:former|past|previous)\s+members?|invited\s+guests?"
    r"|observateur|beobachter|observador|osservatore)$",
    re.I,
)
# ... with a note after it, in brackets or after a dash or comma: "Former member (withdrew
# 2022)" (probe 29); a note saying the agency is a member now is no such note ("Observer
# (2019-2021), now member", review 63)
MEMBER_STATUS_NOTE = re.compile(r"^\s*(?:\([^()]*\)|[-\u2013\u2014,;:]\s*[^()]*)$")
MEMBER_STATUS_AGAIN = re.compile(
    r"member|membre|mitglied|miembro|membro|\bnow\b|since|rejoin|current|actuel|aktuell", re.I
)
# Ends a block too, though no heading marks it: a sibling whose whole text names another group
# ("<p><strong>Observers</strong></p>", "<div class='block-title'>Former members</div>").
MEMBER_OTHER_GROUP = re.compile(
    rf"^{_GROUP_NAMES}\s*:?$"
    # ... and in the members' languages, any short label with such a word: "Partenaires
    # industriels", "Agences observatrices", "Membres associés", "Gäste", "Ex-membri",
    # "Patrocinadores", "Бывшие участники", "オブザーバー機関", "협력기관", "观察员机构"
    r"|^.{0,25}?(?:partenaire|partner(?!ing)|observat(?:eur|rice)|osservat|observad|invité"
    r"|associé|assoziiert|associati\b|asociad|gäste|förderer|soutien|unterstützt|socios?\b|patrocin|anciens|ehemalig"
    r"|ex-?\s?membr|antiguos|наблюдат|партн|спонсор|бывш|オブザーバー|パートナー|協力機関"
    r"|旧参加|協賛|後援|スポンサー|옵[서저]버|파트너|협력|후원|观察|合作|赞助|前成员"
    # Portuguese, Ukrainian and Arabic (review 46): "Parceiros", "Antigas", "Спостерігачі",
    # "Колишні члени", "شركاؤنا", "المراقبون", "الأعضاء السابقون"
    r"|parceir|antig[oa]s|спостерігач|колишн|شرك|مراقب|السابق).{0,25}$",
    re.I,
)
MEMBER_OTHER_GROUP_CHARS = 40  # a longer text is no label
# A class naming another group's block or card: "partners", "sponsor-card", "supported-by"
# ("support" in any form: "support-grid" naming the members' own grid is lost, not read wrong)
MEMBER_OTHER_GROUP_CLASS = re.compile(r"partner|sponsor|observer|former|support", re.I)
# A line of a logo's card saying the agency is not a member yet: "Joining in 2025", "Pending
# membership", "Incoming member" (probe 29; "Joined 2007" says it is one)
MEMBER_PENDING = re.compile(
    r"^(?:joining|to\s+join|will\s+join|joins)\b.{0,20}?\b(?:(?:19|20)\d{2}|soon)\b.{0,10}$"
    r"|^(?:membership\s+)?pending(?:\s+membership)?$|^(?:incoming|future|prospective)\s+member$",
    re.I,
)
# Class words of the copies a carousel makes of its slides (slick, owl, splide, glide, swiper).
MEMBER_CLONE_CLASS = re.compile(r"clone|duplicate", re.I)
MEMBER_LOGO = ("img",)
# A block with no logo: one member per list item (the innermost), else per table row with
# data cells (a row of header cells names the columns).
# ... or a description list's entry: a country's <dt> over its agency's <dd> (probe 29)
MEMBER_LIST_ITEM = ("li", "dd")
# A description list's term: one naming another group ("Observers") ends the members in it
MEMBER_LIST_TERM = ("dt",)
MEMBER_ROW = ("tr",)
MEMBER_CELL = ("td", "th")
MEMBER_HEADER_CELL = ("th",)
MEMBER_TABLE = ("table",)
# List items and rows inside these are never members (menus, page furniture).
# Liferay's bars and links of a portlet's own actions (Print, RSS, Edit): their icons are no logos
PORTAL_ACTIONS = (
    *("taglib-icon", "export-actions", "portlet-icons", "portlet-actions"),
    *("portlet-small-icon-bar", "portlet-header-bar", "portlet-title"),
)
# An icon's alt naming what it does, never an agency
ACTION_NAMES = frozenset({"print", "rss", "edit", "close", "email", "e-mail", "share", "subscribe"})
MEMBER_ENTRY_NEVER_INSIDE = ("nav", "script", "style", "noscript", "template", "select")
# The header of the column holding the agency's name; without one, the first column does.
# ... in the members' languages too: "Agence", "Agentur", "Nom", "機関名", "기관명", "机构名称"
_NAME_TITLES = (
    r"agence|agentur|agenzia|agencia|агентство|nom|organisme|機関名?|기관명?|机构(?:名称)?"
)
MEMBER_NAME_COLUMN = re.compile(
    r"^(?:(?:member\s+|space\s+)?(?:agency|agencies|name|members?|organi[sz]ations?)\b"
    rf"|(?:{_NAME_TITLES})(?!\w))",
    re.I,
)
# A row of nothing but column titles is a header, in <td> cells too ("Agency | Country").
MEMBER_COLUMN_TITLE = re.compile(
    r"^(?:(?:member\s+|space\s+)?(?:agency|agencies|name|members?|organi[sz]ations?)|acronyms?"
    r"|abbreviations?|short\s+names?|country|countries|nation|website|web\s+site|logo"
    rf"|joined|since|year|{_NAME_TITLES}|pays|land|paese|país|pais|страна|国名?|국가|国家"
    r"|sigles?|abkürzung|kürzel|sigla|siglas|略称|약칭|简称|site\s+web|webseite|sito\s+web|sitio\s+web)$",
    re.I,
)
# The header of a column holding acronyms: a hint for agencies.py, as "(ACR)" in a name is.
MEMBER_ACRONYM_COLUMN = re.compile(
    r"^(?:(?:acronyms?|abbreviations?|short\s+names?)\b"
    # the members' languages' words whole: "Sigla del país" holds a country's code (review 62)
    r"|(?:sigles?|siglas?|k[üu]rzel|abk[üu]rzung|略称|약칭|简称)$)",
    re.I,
)
# Attributes holding a logo's address: lazy-loading themes leave a placeholder in src.
LOGO_SRC_ATTRS = ("src", "data-src", "data-lazy-src", "data-original")
# Read when none of LOGO_SRC_ATTRS has an address: the first candidate of the set.
LOGO_SRCSET_ATTRS = ("srcset",)
LOGO_NAME_ATTRS = ("alt", "title", "aria-label")
# An attribute of these words alone says what the picture is, never whose: Bootstrap's cards
# put alt="logo" on every member's (probe 29), themes "image", "Logo 3" or "partner logo"
NAMELESS_ALT_WORDS = frozenset(
    {
        *("logo", "logos", "logotipo", "logotype", "image", "img", "picture", "pic", "photo"),
        *("icon", "thumbnail", "thumb", "placeholder", "graphic", "banner", "untitled"),
        *("member", "agency", "partner", "sponsor", "the", "a", "an", "of"),
    }
)
MEMBER_NEVER_INSIDE = ("nav", "a", "script", "style", "noscript", "template")
# What a carousel or a members' login box names that is no agency.
NOT_AN_AGENCY = re.compile(
    r"^(?:prev(?:ious)?|next|loading|close|menu|search|play|pause|arrow(?:\s+\w+)?|log\s*in"
    r"|log\s*out|sign\s+in|private\s+area|members?\s+area"
    # a call to action's card among the members' (review 24): no agency
    r"|become\s+a\s+member|join\b.*|subscribe\b.*|newsletter|apply(?:\s+now)?|contact(?:\s+us)?"
    # ... in the members' other languages, a link to them all, the group's own office
    r"|devenir\s+membre\b.*|hazte\s+miembro\b.*|mitglied\s+werden\b.*|contacte[rz]\b.*|kontakt\b.*"
    r"|contacto\b.*|(?:view|see|show)\s+all\b.*|your\s+(?:agency|organi[sz]ation)\s+here"
    # the group's office, named alone ("ESA, host of the ISECG Secretariat" is a member)
    r"|(?:the\s+)?(?:isecg\s+)?(?:secr[ée]tariat|sekretariat|secretar[ií]a)"
    r"(?:\s+(?:of\s+(?:the\s+)?|de\s+l['\u2019]|du\s+|des\s+|de\s+)isecg)?"
    # ... and with the agency hosting it after it: "ISECG Secretariat (hosted by ESA)" (probe 29)
    r"(?:\s*(?:\(|[,\u2013\u2014-])\s*(?:hosted|run|provided|housed|supported|h[ée]berg[ée]|"
    r"angesiedelt)\s+(?:by|at|in|par|à|bei)\s+[^()]+\)?)?)$",
    re.I,
)
# A footnote's mark after a member's name ("Luxembourg Space Agency (LSA)<sup>1</sup>")
FOOTNOTE_MARK = re.compile(r"^\s*\[?[\d*\u2020\u2021\u00a7,\s]+\]?\s*$")
# A body's word ending a name ("Saudi Space Agency", "Swiss Space Office"), never a
# category's plural ("National space agencies"): a one-cell row so named is a member
AGENCY_WORD_LAST = re.compile(
    r"\b(?:agency|office|administration|institute|cent(?:re|er)|organi[sz]ation|agence|agencia"
    r"|agenzia|agentur)$",
    re.I,
)
# A body's word anywhere in a name, in the members' languages: a picture so named is an
# agency's logo, not a photo or a banner (review 67)
AGENCY_WORD = re.compile(
    r"\b(?:agency|administration|institute|office|agence|agencia|agenzia|agentur|ajans"
    r"\w*|comisi[oó]n|commission|centre|center|centro|zentrum|organi[sz]ation|organismo)\b",
    re.I,
)
# ... where some word before it is no category's word
GENERIC_WORD = re.compile(
    r"^(?:national|government(?:al)?|intergovernmental|regional|research|space|member|partner"
    r"|associate|international|public|the|an?|of|and|for|other)$"
)
