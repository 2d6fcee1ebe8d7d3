"""What extractors return: plain frozen records, the same whether read from HTML or REST JSON.

Every extractor is a pure function of (url, body) and returns these; the builder merges them
per record (by wp_id for posts, by key for publications and members) and the store keeps
their history. Each date keeps where it came from, because a wrong date is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Bump when an extractor changes what it returns: every stored row says which version made it.
# A change that returns the same for every page keeps it (the faster error-page check,
# extract.broken_page, is tested against the regex it stands in for: tests/test_scale.py).
# "2": REST items are records on their own, every field a set of sourced candidates, learned
# templates and a generic reader for designs no selector knows.
# "3": a date the page gives something else is not the post's (a sidebar's microdata, an
# object JSON-LD only mentions, "Last updated:", "Meeting:", a comment's); nor is a join told
# as a plan, a hope, a refusal, an observer's seat or an earlier event.
# "4": an instant whose page prints its day in the instant's own offset, and not in the
# site's offset table, keeps its own offset (and that day); the first and last publications
# of a block are kept undated when their date lines are unknown; an agency sharing only a
# member's acronym is a member of its own; observers below a label, and a carousel's copies,
# are no members; publications dated above their titles, in Gutenberg File blocks, beside an
# event's "Date:" or a file their text names are read as the page means them; REST answers
# behind PHP notices are read, drafts are not, and a REST date keeps its own offset.
# "5": news in other themes' markup: a <time>'s label and modified wrapper, an event's
# facts, what stands above the title, days inside the text and other posts' articles are not
# the post's date or record; page builders' widgets are its body; headlines lose the site's
# name; more bylines and unambiguous slashed dates are read. Publications under "Reports" or
# "Resources", from Download Monitor links, cover images, tables of plain titles, and lists
# with no date read (kept undated); one file under /wordpress/ and the root is one entry.
# "6": a page is read in the charset it declares (ISO-8859-1 and windows-1252 were U+FFFD).
# "7": an undated entry of a list takes no day from a block beside it that links a page.
# "8": a date found only at the level of the site's menu (a top bar's "today") dates no entry;
# a page of more than traps.MAX_PAGE_LINKS links is not read.
# "9": other systems' posts (Drupal, Joomla, Hugo, Ghost...) read at any address, keyed by
# the address they name; their dates, titles and lists as those systems print them.
# "10": an AMP copy of another page gives no record; a list's date with its time or in slashes
# is read where a byline's label or a "Post date" column names it the posting, as are
# RDFa/microdata creation marks and an "entry-date" class inside a card's text; a page
# nested past parse_cost.MAX_PARSE_WORK is not read; a day beside another post's link (a
# related item), an "Invitation"/"Modified"/"Workshop" day, a footer's links are none.
# "11": a section's name ("News", "Press Release", "Новости") titles no post, and comes off
# the end of a <title> (after " - " or " : ") where the site's name came off or stands in it;
# a page at another system's address that no mark calls an article, or an undated one, is
# read as one where a news list dates it (extract.UNCONFIRMED).
# "12": days in the members' other languages ("12. Dezember 2024", "Publié le 10/06/2021") and
# dotted days; a byline around links; the <h1> over a breadcrumb naming the post; a post with a
# "More news" column of dated teasers beside its text is no list.
# "13": a list item with an end, closing or deadline day gives none; after a byline beside a
# file's link (not a button under the title or in the meta line) no day is read; other
# posts' headlines in a grid title no post under the page's own <h1>; day archives are no list
# entry; a split date in a posting's box dates list entries.
# "14": a heading that is a date line ("Published 20 February 2025", "... withdrawn on <date>")
# titles no post, and a withdrawal's or archiving's day is no posting's; publications: a file's
# "Date:" beside its "Size:" dates none, "Details" and "Full page history" title none, news
# headings in the members' languages end a block, and documents resolve against <base href>.
# East Asian days, year first, with their posting and change labels; members headings and
# other groups' in the members' languages.
# "15": a plain paragraph opening a post that says when it was posted and nothing more ("Posted
# on 04/21/2015", "Published on <time>") dates it; a <title>'s leading site and section names
# come off ("ISECG :: News :: "); comments blocks classed in capitals, and an entry's comments
# link, date nothing; times with seconds, and only times of day; Ukrainian days; "Members <small>
# participating space agencies</small>" heads a members block.
# "16": the generic reader's body holds at least half the library's text, read with its parts
# spaced where they run together; members end at "Collaborators", "In cooperation with" and
# the like once members were read, and at a list's later item or one-cell row naming a group
# that is no members' ("Observers"); an item linking a known agency's website whose own inner
# list links and names no agency is one member, named outside it.
# "17": another language's weekday after a posting label; Concrete's comments date nothing;
# members' websites through redirect wrappers, never an e-mail address; logo words and file
# names of other languages off names; footnotes, tabs over a list, region rows, a Status
# column's observers, the secretariat, "View all" no members; a list beats a lone photo or its
# items' own nameless logos; a line break in a name is a space.
# "18": a posting line's other facts may follow a spaced em dash; a file's name in a table row
# under the link of its "Title" column is no publication's title; a heading's permalink sign
# does not hide it; a picture named by a country is named by the agency it links, and in a
# table's cell is a flag, naming no member.
# "19": a row of a table whose columns say Title and Published, with a file on the site in
# another cell, under a publications heading on a page that is no post, is a publication
# (not a form's or a meeting's, nor one with two files or a title's year long before).
# "20": "Posted:" among a line's other facts gives the entry's day, as a bare date; a posting's
# day, a dash and another day is a range, no day.
# "21": a publications page's slashed day either order could read is read in the order of the
# page's own date lines ("page-order").
# "22": a news list's slashed day either order could read is read in the order at least two
# days beside other posts of the same list show ("list-page-order").
# "23": a publications page's order told by one date line alone is taken only where its slashed
# days, read in it, stand in date order.
# "24": a publications page's date line in an element with its title (a table's row, a card)
# is that entry's before a loose one is read; dates come before their titles only where a
# title below the last one is in the element holding them all (not the footer's links).
# "25": a publications list's loose date lines alone decide which way they read; where every
# title between them links a file, a heading linking none above (date lines printed alike)
# or a "Sign up" box below is no entry's title.
# "26": as "24" again: 25's rule read title-first lists under a page's stamp wrongly (review 87).
# "27": a publications entry below a heading of jobs or tenders ("Vacancies") was none.
# "28": as "26" again: 27's rule lost real publications under menus' "Careers" (review 91).
# "29": a publications list that reads both ways (a heading of another wording above its first
#       date line, linked titles below) keeps only the days both readings give its titles.
# "30": an entry held by its own element (a featured card) above a publications list is passed
#       over in deciding which way the list's loose date lines read.
# "31": a year's section heading ("2023") among a list's date lines is not taken for an entry's
#       unlinked title: the list may then read both ways (its titles undated, not shifted);
#       one between the first date line and the first title makes that date the page's.
# "32": the title the last date line would open, like the first but in a section of its own
#       (a year's accordion or tab panel holding dates and titles), leaves such a list read
#       both ways, not titles first.
# "33": the same beside entries held by their own elements (a featured card above the list).
# "34": publications: in an entry's element, a box's label ("Latest report", "Uitgelicht")
#       over a heading wholly linking the element's one file, dated by a "Published" line,
#       gives that heading as the title, not the label.
# "35": a label naming the day of publication is a posting label ("Data di pubblicazione",
#       "Fecha de publicación", "Date de mise en ligne", "Publicatiedatum").
# "36": a file's note after a title may name its size after a colon ("[PDF: 4.2MB]",
#       "（PDF：1.8MB）"): no longer part of the title, nor keeping the line from being one.
# "37": publications: a line of a work's own facts with one spelled date ("Report \u00b7 12 March
#       2024 \u00b7 8 min read") dates its entry where a page has two such lines; a date-led line
#       ("2024-03-12 \u2014 <a>Title</a>") under a heading naming publications is an entry; beside
#       a table column headed "Publication Date", no other column's day is read.
# "38": narrowed after review 113: a posting column must hold days ("Published" over years is
#       none), a nested table's header is not its layout table's, a date-led line in a sidebar
#       or a footer is none, and date-led lines leave a page's own "Published" line its own.
# "39": a description list's dates (<dt>), each over one <dd> line, its title, read dates first
#       where the list could read either way (JAXA's lists: each title undated before).
# "40": a link around a card's blocks ("<a href=file><h3>Title</h3><p>date</p></a>") is its
#       one heading's: a title linking its file, as "<h3><a>Title</a></h3>" is.
# "41": dates: the members' languages' abbreviated months after a day ("07 mag 2024",
#       "12 janv. 2024", "5. Dez. 2023", "3 mrt 2024", "4 out 2023").
# "42": a table column headed as the posting's in the members' languages ("Date de
#       publication", "Data di pubblicazione") silences the others, as "Publication Date" does.
# "43": numeric days with hyphens ("24-04-2024") read as slashed ones are, each separator
#       telling its own order only; a table row whose date cell comes first takes its plain
#       title from a "Title" column after it, where the date's header is a bare or a posting
#       one; a footer's day tells no order of a publications page's slashed days; where no
#       column is the posting's, a "Deadline", "Date received" or "Quarter ending" column
#       dates no row; an ISBN, ISSN or DOI is a work's own fact beside its day; Norwegian,
#       Polish, Romanian and Arabic month names and posting labels; publications headings
#       and Download buttons in the later members' languages; a category's link no title;
#       a list's <time> in a card's content block holding its title; of a work's language
#       versions on one line, the page's language's file; a language's name alone no title.
# "44": a posting label's day followed by its author in the members' languages ("Publié le
#       15 mars 2024 par admin", "von", "por", "da", "door", "av", "przez"), and an author's
#       name beginning with any letter ("by Émilie Durand").
# "45": a change's word before its author's name labels a modification however long the
#       name ("Zuletzt bearbeitet von Anna Müller am", "Mis à jour par Julie Martin le").
# "46": a post's body that is its whole block (the title, a date line and a "Filed under"
#       line beside the paragraphs) leaves out its title, what stands above it and its meta
#       lines, and those lines name its categories (wrapperless.py); the generic reader's body
#       is not the whole page for a footer line the library kept, nor the text after a
#       sentence ending in the title's words (helper-193: REST off, every post "edited").
# "47": a copyright line after the post's block (alone, or after links to other posts) is the
#       page's footer, not the post's text; a menu's or a list's links above the title no
#       longer outweigh a short post's text below it (wrapperless.py).
# "48": a page of the site that links its own next page (`?page_id=N&paged=2`: the replica's
#       News page, a page of its own) shows when the posts it lists were on the site
#       (`Extracted.sightings`, news_listings); its days date no post (lists.listed_on_page).
# "49": where the library's main text is only the page's menu and footer (a short post on
#       some designs), the generic reader's body is the block of paragraphs that follows the
#       post's title (mainbody.text_after): three designs of 150 read a publication's post as
#       news, or apart from its list's entry. A day labelled only "Date" beside an event's
#       place or time, or in an event's box, is the event's (facts.py); a list's day in an
#       element classed "when", or in a table with a column of meetings, dates no post
#       (helper-205: a workshop's day dated its announcement). Publications: a page's own
#       "Posted on" by its "Publications" heading is no entry; a heading over a file's
#       button is an undated one. A <title>'s first part of three words before a bar
#       names the page (naming.lead_part); a `replies` section is no part of the post. A
#       list's event card (a badge "Event") or a list headed "Events" dates no post.
# "50": news lists of other systems: a post's link is its entry's title where the design
#       classes it so, or a card's empty link beside its heading (never a menu's); `/news.html`
#       lists `/news/<slug>.html`; a card's day in a block classed as its metadata; a "Past
#       meetings" section of one entry dates none. Members (helper-213): generic alt words name
#       no agency, nameless logos named by their card, `<dd>` entries, two-language headings
#       and names, flag grids; a status with a note, a hosted secretariat, a pending member, an
#       observers' tab pane are no members. Publications (helper-212): a change's day (a
#       modified-date block, an "Updated" label line) is no posting's; loose dates paired the
#       wrong way checked against upload folders; undated entries kept (table rows, deep cards,
#       headings over file buttons, file-first lines); a plugin's taxonomy link is no title.
#       Joins (helper-218): ISECG's parts, partners or another group joined, a new member of
#       something else, a host, a person in a role, "not yet", a retelling ("having joined"),
#       a bracketed acronym of another body's name no longer read as an agency joining.
# "51": joins read in more phrasings ("as its 28th member", "with the addition of",
#       "with the admission of", "is now a member of"); a look back or an observer's seat in
#       a clause of its own no longer sets the whole sentence aside; a join told in passing
#       ("X, which recently joined ISECG, will host") is none; "the Portuguese and Mexican
#       space agencies" name their countries' one member each. A selector's body opening
#       with a posting line alone under the title ("Posted on 14 May 2015") dates the post
#       by it (a candidate) and no longer keeps it as text or as the event's dateline.
#       "12 November 2020 | Updated 24 November 2020" is the first day; BEM bylines
#       ("blog__date") are the post's meta. "Pubblicato il 07/05/2024 - Aggiornato il
#       10/05/2024" is its first day; "Updated <day> — first published <day>" its second.
#       "Press release: <headline>" names an <h1> printing the headline alone. A table's
#       "Uploaded" column dates its rows where no column is "Published" and other days stand
#       beside it. Docsy's blog list's "<day> in <section>" dates its posts, and
#       SharePoint's news web part its items by the day its test id names. A publication
#       titled by its file's name takes the work's its description spells it out as.
EXTRACTOR_VERSION = "51"

# The fields of a post that sources give candidates for (choose.py ranks them).
FIELDS = ("title", "published", "modified", "body", "categories", "author")


@dataclass(frozen=True)
class DateCandidate:
    """One date signal found for a record."""

    value: str  # ISO 8601: "2020-09-18T08:55:27+01:00" (site-local with offset) or "2020-09-18"
    source: str  # rest, meta, meta-date, time, visible, list, feed, url, sitemap
    raw: str  # the attribute or text as found, for checking by hand


@dataclass(frozen=True)
class Candidate:
    """One value a source gives for one field of a record, kept for checking by hand.

    Sources: rest, jsonld, microdata, meta, meta-date (a plain `date` or Dublin Core meta tag),
    og, time, template, heading (the selectors), visible, generic, title (the <title>
    element), list, feed, url.
    """

    field: str  # one of FIELDS
    value: str  # ISO 8601 for dates, JSON list for categories, the text for a body
    source: str
    raw: str = ""  # the attribute or text as found

    @classmethod
    def of_date(cls, field: str, found: DateCandidate) -> Candidate:
        return cls(field, found.value, found.source, found.raw)

    def as_date(self) -> DateCandidate:
        return DateCandidate(self.value, self.source, self.raw)


@dataclass(frozen=True)
class News:
    url: str  # canonical URL of the post
    wp_id: int | None  # None for pre-2013 portal items
    title: str | None
    title_source: str | None  # rest, heading, og, title (the <title> element)
    published: str | None  # site-local ISO 8601 with offset, or a date alone when only it is known
    published_source: str | None  # the DateCandidate.source it came from
    modified: str | None = None
    author: str | None = None
    body_text: str = ""  # prose only: no navigation, footer, sidebar, image names
    body_html: str = ""  # sanitised: no script, style, event handlers
    summary: str = ""
    event_date: str | None = None  # the opening dateline as printed; never used as `published`
    categories: tuple[str, ...] = ()
    links: tuple[str, ...] = ()  # absolute URLs linked from the body, on- and off-site
    documents: tuple[str, ...] = ()  # linked documents (PDF, ...), absolute
    images: tuple[tuple[str, str], ...] = ()  # (src, alt) of body images
    candidates: tuple[Candidate, ...] = ()  # every value every source gave, chosen or not
    source: str = "html"  # where the body came from: rest, template, heading, generic
    modified_source: str | None = None
    categories_source: str | None = None
    author_source: str | None = None

    @property
    def date_candidates(self) -> tuple[DateCandidate, ...]:
        """The publication-date candidates, as dates.choose takes them."""
        return tuple(c.as_date() for c in self.candidates if c.field == "published")

    @property
    def from_rest(self) -> bool:
        return self.source == "rest"

    @property
    def is_publication(self) -> bool:
        return any(c.lower() == "publications" for c in self.categories)


@dataclass(frozen=True)
class Publication:
    title: str
    posted_on: str | None  # YYYY-MM-DD
    posted_on_source: str | None  # posted-on ("Posted on D Month, YYYY"), date-label, rest, ...
    description: str
    document_url: str | None  # canonical absolute URL of its document
    listed_on: str  # the page it was read from
    kind: str  # annual report, roadmap, supplement, white paper, gap assessment, ...
    year: int | None
    wp_id: int | None = None  # set when the publication is a post in the Publications category


@dataclass(frozen=True)
class Member:
    key: str  # stable identity across renames: the agency's website host, else its acronym
    name: str  # as the page shows it (img alt)
    acronym: str | None
    country: str | None
    website: str | None
    logo: str | None  # absolute URL of the logo image
    enriched: bool = False  # name/acronym/country completed from the curated table


@dataclass
class Extracted:
    """Everything one archived response says."""

    url: str
    page_kind: str  # post, list, publications, home, portal, rest, page, article, other
    news: list[News] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    # True when a members block with at least one logo was read: an empty or unreadable block
    # must never look like "every member left".
    members_block: bool = False
    categories: dict[str, str] = field(default_factory=dict)  # REST category id -> name
    # wp_id (or a post's canonical URL at another system's address) -> the date a list page
    # prints beside that post: the last resort for `published`
    list_dates: dict[int | str, DateCandidate] = field(default_factory=dict)
    # the same of a page of the site that pages itself (lists.listed_on_page): when the site
    # showed those posts, never a candidate for their days
    sightings: dict[int | str, DateCandidate] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # why this page could not be read
    fingerprint: str = ""  # a post page's theme (templates.fingerprint)
