"""The words of the member agencies' other languages that dates are printed with: month names,
and the labels that say a date is the posting's or a change's.

Only languages whose dates put the day before the month are listed (German, French, Italian,
Spanish, Portuguese, Dutch, Russian, Ukrainian, Norwegian, Polish, Romanian, Arabic's Gregorian
months; never the Hijri calendar's): a day printed with one of these months, or
after one of these labels, is never month-first, so "Publié le 10/06/2021" is the 10th of June.
Japanese, Korean and Chinese put the year first ("2025年2月20日", "2025.02.20"): their labels are
here, their forms in dates.py.
"""

from __future__ import annotations

import re

_NAMES = (  # month by month: German, French, Italian, Spanish, Portuguese, Dutch, Russian,
    # Ukrainian; then Norwegian, Polish (its genitive, as a day is written), Romanian and
    # Arabic (the Gulf's names and the Levant's spellings of them), the 2019-2020 members'
    "januar janvier gennaio enero janeiro januari января січня stycznia ianuarie يناير",
    "februar février fevrier febbraio febrero fevereiro februari февраля лютого"
    " lutego februarie فبراير",
    "märz maerz mars marzo março maart марта березня marca martie مارس",
    "avril aprile abril апреля квітня april kwietnia aprilie أبريل ابريل إبريل",
    "mai maggio mayo maio mei мая травня maja مايو",
    "juni juin giugno junio junho июня червня czerwca iunie يونيو يونيه",
    "juli juillet luglio julio julho июля липня lipca iulie يوليو يوليه",
    "août aout agosto augustus августа серпня august sierpnia أغسطس اغسطس",
    "septembre settembre septiembre setiembre setembro сентября вересня september września"
    " septembrie سبتمبر",
    "oktober octobre ottobre octubre outubro октября жовтня października octombrie أكتوبر اكتوبر",
    "novembre noviembre novembro ноября листопада november listopada noiembrie نوفمبر",
    "dezember décembre decembre dicembre diciembre dezembro декабря грудня desember grudnia"
    " decembrie ديسمبر",
)
# Their abbreviations, as lists print them after a day ("07 mag 2024", "12 janv. 2024", "5 Dez.
# 2023", "3 mrt 2024"; probe 25): English's are dates.py's
_SHORT = (
    "jän gen ene janv",
    "fév févr fev",
    "mär mrt",
    "avr abr",
    "mag",
    "giu",
    "juil lug",
    "ago",
    "set",
    "okt ott out",
    "",
    "dez déc dic",
)
MONTH_NAMES = {name: n for n, names in enumerate(_NAMES, start=1) for name in names.split()}
MONTHS = {
    **MONTH_NAMES,
    **{short: n for n, shorts in enumerate(_SHORT, start=1) for short in shorts.split()},
}
# A weekday before the day, each language's seven, abbreviations left out ("Donnerstag, 15.
# April 2021", "jeudi 15 avril 2021", "четверг, 15 апреля 2021")
WEEKDAY = (
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|lundi|mardi"
    r"|mercredi|jeudi|vendredi|samedi|dimanche|luned[iì]|marted[iì]|mercoled[iì]|gioved[iì]"
    r"|venerd[iì]|sabato|domenica|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo"
    r"|(?:segunda|ter[çc]a|quarta|quinta|sexta)(?:-feira)?|maandag|dinsdag|woensdag|donderdag"
    r"|vrijdag|zaterdag|zondag|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
    r"|понеділок|вівторок|середа|четвер|п['\u2019\u02bc]ятниця|субота|неділя"
    # Norwegian, Polish, Romanian, Arabic (after a posting label only, as the others)
    r"|mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|poniedziałek|wtorek|środa|czwartek"
    r"|piątek|sobota|niedziela|luni|marți|marti|miercuri|joi|vineri|sâmbătă|duminică"
    r"|\u0627\u0644[\u0625\u0627]\u062b\u0646\u064a\u0646|\u0627\u0644\u062b\u0644\u0627\u062b\u0627\u0621"
    r"|\u0627\u0644\u0623\u0631\u0628\u0639\u0627\u0621|\u0627\u0644\u062e\u0645\u064a\u0633"
    r"|\u0627\u0644\u062c\u0645\u0639\u0629|\u0627\u0644\u0633\u0628\u062a|\u0627\u0644\u0623\u062d\u062f)"
)

# "Publié le", "Pubblicato il", "Veröffentlicht am", "Publicado el", "Gepubliceerd op",
# "Опубликовано": the posting's day follows
POSTING_WORDS = (
    r"(?:publi[ée]e?\s+le|mise?\s+en\s+ligne(?:\s+le)?|pubblicato(?:\s+il)?|ver[öo]ffentlicht(?:\s+am)?"
    r"|publicado(?:\s+(?:el|em))?|gepubliceerd(?:\s+op)?|опубликовано|дата\s+публикации"
    r"|опубліковано|дата\s+публікації"
    # Norwegian, Polish, Romanian, Arabic ("تاريخ النشر", "نشر في"): "Publisert 8. mars 2024"
    r"|publisert|opublikowano|data\s+publikacji|publicat(?:[ăa])?(?:\s+(?:pe|la|în))?"
    r"|data\s+public[ăa]rii|\u062a\u0627\u0631\u064a\u062e\s+\u0627\u0644\u0646\u0634\u0631"
    r"|\u0646\u064f?\u0634\u0631\s+(?:\u0641\u064a|\u0628\u062a\u0627\u0631\u064a\u062e)"
    # "Data di pubblicazione", "Fecha de publicación", "Date de mise en ligne", "Publicatiedatum":
    # the day of publication, by name (probe 24: such lists read no day). Not German's
    # "Erscheinungsdatum": a book's release, its print edition's or one still to come (review 109)
    r"|data\s+di\s+pubblicazione|fecha\s+de\s+publicaci[óo]n|data\s+de\s+publica[çc][ãa]o"
    r"|date\s+de\s+(?:mise\s+en\s+ligne|publication)|ver[öo]ffentlichungsdatum|publicatiedatum"
    # Japanese, Korean and Chinese: "掲載日", "公開日", "등록일", "작성일", "发布时间", "发布日期"
    r"|掲載日時?|公開日時?|発表日時?|投稿日時?|作成日|등록일시?|작성일시?|게시일시?|发布(?:时间|日期|于)"
    r")(?![^\W\d])"
)
# "by" before an author, after a posting's day: "Publié le 15 mars 2024 par admin",
# "Veröffentlicht am ... von", "Publicado el ... por", "Pubblicato il ... da", "door", "av",
# "przez" (review 123: such lines read no day, in every tree)
BY_WORD = r"(?:by|von|par|por|da|door|av|przez)"
# a full-width colon in East Asian text; French's "le" after a colon ("Date de publication :
# le 4 mars 2024", probe 27)
POSTING_LABEL = rf"{POSTING_WORDS}\s*[:：]?\s*(?:le\s+)?"
# "Mise à jour le", "Zuletzt bearbeitet am", "Ultima modifica", "Última actualización",
# "Laatst gewijzigd op", "Дата изменения", German's "Stand:": the day of a change
# A change in Japanese, Korean and Chinese: "更新", "改訂", "수정", "변경", "修订"
EAST_ASIAN_CHANGE = r"更新|修正|改訂|改定|訂正|変更|수정|갱신|변경|修订|修改|变更"
CHANGE_WORD = (
    r"(?:\b(?:mise?\s+à\s+jour|actualis[ée]e?|modifi[ée]e?|aggiornat[oa]|aggiornamento|modifica"
    r"|modificat[oa]|aktualisiert|geändert|bearbeitet|änderung|stand|actualizado|actualización"
    r"|modificado|atualizado|atualização|bijgewerkt|gewijzigd|обновлено|изменено|изменения"
    r"|обновления|оновлено|змінено|оновлення|oppdatert|endret|zaktualizowano|aktualizacja"
    r"|actualizat|modificat|(?:\u0627\u0644)?\u062a\u062d\u062f\u064a\u062b|\u0645\u062d\u062f\u062b)"
    # "最終更新日", "更新日時", "更新履歴", "改訂日", "수정일", "변경일", "修订日期", "修改时间":
    # no word boundary in East Asian text
    rf"|(?:{EAST_ASIAN_CHANGE})(?:日時?|日期|时间|履歴|일|于)?)"
)
# "Date de l'événement", "Date de début", "Termin", "Veranstaltungsdatum", "Data evento",
# "Fecha del evento": the day of something else than the posting
OTHER_DAY = re.compile(
    r"\b(?:[ée]v[éè]?nement|début|termin|veranstaltung\w*|evento|inizio|beginn|мероприяти\w*)\b"
    # an event's day, a period, a deadline, ending the label ("開催日：", "会期", "締切", "일시",
    # "마감", "举办时间"): East Asian text has no spaces, and a title's "開催" before its day
    # says nothing of the day
    # (a headline ending "…在北京举行" or "…開催" is no label: those verbs only with their noun)
    r"|(?:(?:開催|举办|举行|会议)(?:日時?|時間|期間|时间|日期)|会期|締切|締め切り|期間|期限"
    r"|(?<!掲載)(?<!公開)(?<!発表)(?<!投稿)日時|(?<!등록)(?<!게시)(?<!작성)일시|마감|기간|截止"
    r"(?:日期|时间)?)\s*[:：]?\s*$",
    re.I,
)
# Russian and Ukrainian may name the year after it: "2025 года", "2013 року", or its
# abbreviation, a Cyrillic letter and a dot
# Arabic may mark the Gregorian year: "2024 م"
YEAR_WORD = r"(?:\s*[\u0433\u0440]\.|\s+года|\s+року|\s+\u0645)?"
POSTING = re.compile(rf"^\s*{POSTING_LABEL}", re.I)
