"""The public verification page's verdict on a credential, in every language a certificate is
printed in: German and English always, the certificate's third language beside them.

One sentence per `credentials.CODE_*` (and "superseded", which the status list does not carry:
superseded certificates were true when issued). Kept apart from labels.py, which holds what is
printed on the certificate itself. Every language defines every key (a test checks).
"""

from __future__ import annotations

from typing import Final

from languages.serbian import to_latin

VERDICTS: Final[dict[str, dict[str, str]]] = {
    "de": {
        "valid": "Die Signatur ist gültig: Dieser Nachweis wurde von uns ausgestellt und nicht verändert.",
        "signature": "Die Signatur passt nicht: Der Nachweis wurde nach der Ausstellung verändert oder nicht von "
        "uns ausgestellt.",
        "issuer_key": "Der Nachweis wurde nicht mit einem unserer veröffentlichten Schlüssel signiert.",
        "proof": "Der Nachweis trägt keine Signatur, die wir prüfen können.",
        "malformed": "Das ist kein lesbarer Nachweis (JSON).",
        "revoked": "Der Nachweis wurde widerrufen und ist nicht mehr gültig.",
        "expired": "Die Gültigkeitsdauer des Nachweises ist abgelaufen.",
        "not_yet_valid": "Der Nachweis ist noch nicht gültig.",
        "superseded": "Das Zertifikat wurde durch ein neueres ersetzt; bitte fragen Sie die Inhaberin oder den "
        "Inhaber nach dem aktuellen.",
    },
    "en": {
        "valid": "The signature is valid: this credential was issued by us and has not been changed.",
        "signature": "The signature does not match: the credential was changed after it was issued, or it was not "
        "issued by us.",
        "issuer_key": "The credential was not signed with one of our published keys.",
        "proof": "The credential carries no signature we can check.",
        "malformed": "This is not a readable credential (JSON).",
        "revoked": "The credential was revoked and is no longer valid.",
        "expired": "The credential's period of validity has ended.",
        "not_yet_valid": "The credential is not valid yet.",
        "superseded": "The certificate was replaced by a newer one; please ask its holder for the current one.",
    },
    "ar": {
        "valid": "التوقيع صحيح: أصدرنا هذه الوثيقة الرقمية ولم تُغيَّر.",
        "signature": "التوقيع غير مطابق: غُيِّرت الوثيقة بعد إصدارها أو لم نُصدرها نحن.",
        "issuer_key": "لم تُوقَّع الوثيقة بأحد مفاتيحنا المنشورة.",
        "proof": "لا تحمل الوثيقة توقيعًا يمكننا التحقق منه.",
        "malformed": "هذه ليست وثيقة رقمية مقروءة (JSON).",
        "revoked": "أُلغيت الوثيقة ولم تعد صالحة.",
        "expired": "انتهت مدة صلاحية الوثيقة.",
        "not_yet_valid": "الوثيقة ليست صالحة بعد.",
        "superseded": "استُبدلت الشهادة بشهادة أحدث؛ يُرجى طلب الشهادة الحالية من صاحبها.",
    },
    "fa": {
        "valid": "امضا معتبر است: این مدرک را ما صادر کرده‌ایم و تغییر نکرده است.",
        "signature": "امضا مطابقت ندارد: مدرک پس از صدور تغییر کرده یا ما آن را صادر نکرده‌ایم.",
        "issuer_key": "مدرک با هیچ‌یک از کلیدهای منتشرشدهٔ ما امضا نشده است.",
        "proof": "مدرک امضایی ندارد که بتوانیم بررسی کنیم.",
        "malformed": "این یک مدرک خوانا (JSON) نیست.",
        "revoked": "مدرک باطل شده و دیگر معتبر نیست.",
        "expired": "مدت اعتبار مدرک به پایان رسیده است.",
        "not_yet_valid": "مدرک هنوز معتبر نیست.",
        "superseded": "گواهی‌نامه با نسخهٔ جدیدتری جایگزین شده است؛ لطفاً نسخهٔ فعلی را از دارندهٔ آن بخواهید.",
    },
    "prs": {
        "valid": "امضا معتبر است: این سند را ما صادر کرده‌ایم و تغییر نکرده است.",
        "signature": "امضا مطابقت ندارد: سند پس از صدور تغییر کرده یا ما آن را صادر نکرده‌ایم.",
        "issuer_key": "سند با هیچ‌یک از کلیدهای نشرشدهٔ ما امضا نشده است.",
        "proof": "سند امضایی ندارد که بتوانیم بررسی کنیم.",
        "malformed": "این یک سند خوانا (JSON) نیست.",
        "revoked": "سند لغو شده و دیگر معتبر نیست.",
        "expired": "مدت اعتبار سند ختم شده است.",
        "not_yet_valid": "سند هنوز معتبر نیست.",
        "superseded": "تصدیق‌نامه با نسخهٔ جدیدتر تعویض شده است؛ لطفاً نسخهٔ فعلی را از دارندهٔ آن بخواهید.",
    },
    "ps": {
        "valid": "لاسلیک سم دی: دا سند موږ صادر کړی او بدل شوی نه دی.",
        "signature": "لاسلیک سمون نه خوري: سند له صادرېدو وروسته بدل شوی، یا موږ نه دی صادر کړی.",
        "issuer_key": "سند زموږ د خپاره شویو کلیلونو په یوه هم نه دی لاسلیک شوی.",
        "proof": "سند داسې لاسلیک نه لري چې موږ یې وڅېړو.",
        "malformed": "دا د لوستلو وړ سند (JSON) نه دی.",
        "revoked": "سند لغوه شوی او نور باوري نه دی.",
        "expired": "د سند د اعتبار موده پای ته رسېدلې ده.",
        "not_yet_valid": "سند لا تر اوسه باوري نه دی.",
        "superseded": "سند په نوي سند بدل شوی؛ مهرباني وکړئ اوسنی سند له خاوند یې وغواړئ.",
    },
    "ti": {
        "valid": "ፌርማ ቅኑዕ እዩ፡ እዚ ሰነድ ብኣና ዝተሃበን ዘይተቐየረን እዩ።",
        "signature": "ፌርማ ኣይሰማማዕን፡ ሰነድ ድሕሪ ምሃቡ ተቐይሩ ወይ ብኣና ኣይተሃበን።",
        "issuer_key": "ሰነድ ብሓደ ካብ ዝተዘርግሑ መፍትሕና ኣይተፈረመን።",
        "proof": "ሰነድ ክንፍትሾ እንኽእል ፌርማ የብሉን።",
        "malformed": "እዚ ዝንበብ ሰነድ (JSON) ኣይኮነን።",
        "revoked": "ሰነድ ተሰሪዙ ደጊም ቅቡል ኣይኮነን።",
        "expired": "ግዜ ቅቡልነት ሰነድ ተወዲኡ እዩ።",
        "not_yet_valid": "ሰነድ ገና ቅቡል ኣይኮነን።",
        "superseded": "ምስክር ወረቐት ብሓድሽ ተተኪኡ እዩ፤ በጃኹም ነቲ ናይ ሕጂ ካብ ዋንኡ ሕተቱ።",
    },
    "fr": {
        "valid": "La signature est valide : ce justificatif a été délivré par nous et n'a pas été modifié.",
        "signature": "La signature ne correspond pas : le justificatif a été modifié après sa délivrance, ou il "
        "n'a pas été délivré par nous.",
        "issuer_key": "Le justificatif n'a pas été signé avec l'une de nos clés publiées.",
        "proof": "Le justificatif ne porte aucune signature que nous puissions vérifier.",
        "malformed": "Ce n'est pas un justificatif lisible (JSON).",
        "revoked": "Le justificatif a été révoqué et n'est plus valide.",
        "expired": "La durée de validité du justificatif est écoulée.",
        "not_yet_valid": "Le justificatif n'est pas encore valide.",
        "superseded": "Le certificat a été remplacé par un plus récent ; veuillez demander l'actuel à son titulaire.",
    },
    "ru": {
        "valid": "Подпись действительна: этот документ выдан нами и не изменялся.",
        "signature": "Подпись не совпадает: документ изменён после выдачи или выдан не нами.",
        "issuer_key": "Документ подписан не одним из наших опубликованных ключей.",
        "proof": "На документе нет подписи, которую мы можем проверить.",
        "malformed": "Это не читаемый документ (JSON).",
        "revoked": "Документ отозван и больше не действителен.",
        "expired": "Срок действия документа истёк.",
        "not_yet_valid": "Документ ещё не вступил в силу.",
        "superseded": "Сертификат заменён более новым; попросите у владельца действующий.",
    },
    "tr": {
        "valid": "İmza geçerli: bu belge tarafımızdan düzenlendi ve değiştirilmedi.",
        "signature": "İmza uyuşmuyor: belge düzenlendikten sonra değiştirildi ya da tarafımızdan düzenlenmedi.",
        "issuer_key": "Belge, yayımladığımız anahtarlardan biriyle imzalanmadı.",
        "proof": "Belgede doğrulayabileceğimiz bir imza yok.",
        "malformed": "Bu okunabilir bir belge (JSON) değil.",
        "revoked": "Belge iptal edildi ve artık geçerli değil.",
        "expired": "Belgenin geçerlilik süresi doldu.",
        "not_yet_valid": "Belge henüz geçerli değil.",
        "superseded": "Sertifika daha yenisiyle değiştirildi; lütfen güncel olanı sahibinden isteyin.",
    },
    "ka": {
        "valid": "ხელმოწერა მართებულია: ეს დოკუმენტი ჩვენ გავეცით და არ შეცვლილა.",
        "signature": "ხელმოწერა არ ემთხვევა: დოკუმენტი გაცემის შემდეგ შეიცვალა ან ჩვენ არ გაგვიცია.",
        "issuer_key": "დოკუმენტი არ არის ხელმოწერილი ჩვენი გამოქვეყნებული გასაღებით.",
        "proof": "დოკუმენტს არ აქვს ხელმოწერა, რომლის შემოწმებაც შეგვიძლია.",
        "malformed": "ეს არ არის წაკითხვადი დოკუმენტი (JSON).",
        "revoked": "დოკუმენტი გაუქმებულია და აღარ მოქმედებს.",
        "expired": "დოკუმენტის მოქმედების ვადა ამოიწურა.",
        "not_yet_valid": "დოკუმენტი ჯერ არ მოქმედებს.",
        "superseded": "სერტიფიკატი ახლით შეიცვალა; გთხოვთ, მოქმედი სთხოვოთ მფლობელს.",
    },
    "sq": {
        "valid": "Nënshkrimi është i vlefshëm: ky dokument është lëshuar nga ne dhe nuk është ndryshuar.",
        "signature": "Nënshkrimi nuk përputhet: dokumenti është ndryshuar pas lëshimit ose nuk është lëshuar nga ne.",
        "issuer_key": "Dokumenti nuk është nënshkruar me asnjë nga çelësat tanë të publikuar.",
        "proof": "Dokumenti nuk ka nënshkrim që mund ta verifikojmë.",
        "malformed": "Ky nuk është dokument i lexueshëm (JSON).",
        "revoked": "Dokumenti është anuluar dhe nuk është më i vlefshëm.",
        "expired": "Afati i vlefshmërisë së dokumentit ka mbaruar.",
        "not_yet_valid": "Dokumenti nuk është ende i vlefshëm.",
        "superseded": "Certifikata është zëvendësuar me një më të re; ju lutemi kërkojini mbajtësit atë aktuale.",
    },
    "ku": {
        "valid": "Îmze derbasdar e: ev belge ji aliyê me ve hatiye dayîn û nehatiye guhertin.",
        "signature": "Îmze li hev nayê: belge piştî dayînê hatiye guhertin, an jî ji aliyê me ve nehatiye dayîn.",
        "issuer_key": "Belge bi yek ji mifteyên me yên weşandî nehatiye îmzekirin.",
        "proof": "Li ser belgeyê îmzeyeke ku em karibin kontrol bikin tune ye.",
        "malformed": "Ev ne belgeyeke xwendinbar e (JSON).",
        "revoked": "Belge hatiye betalkirin û êdî ne derbasdar e.",
        "expired": "Dema derbasdariya belgeyê qediyaye.",
        "not_yet_valid": "Belge hîn ne derbasdar e.",
        "superseded": "Sertîfîka bi yeke nûtir hatiye guhertin; ji xwediyê wê ya heyî bixwazin.",
    },
    "sr": {
        "valid": "Потпис је исправан: овај документ смо издали ми и није мењан.",
        "signature": "Потпис се не поклапа: документ је мењан после издавања или га нисмо издали ми.",
        "issuer_key": "Документ није потписан ниједним од наших објављених кључева.",
        "proof": "Документ нема потпис који можемо да проверимо.",
        "malformed": "Ово није читљив документ (JSON).",
        "revoked": "Документ је опозван и више не важи.",
        "expired": "Рок важења документа је истекао.",
        "not_yet_valid": "Документ још не важи.",
        "superseded": "Сертификат је замењен новијим; замолите власника за важећи.",
    },
}

#: Serbian Latin: the Cyrillic sentences transliterated (languages/serbian.py)
VERDICTS["sr-latn"] = {key: to_latin(text) for key, text in VERDICTS["sr"].items()}


def verdict_lines(code: str, *, third_language: str | None) -> list[tuple[str, str]]:
    """(language, sentence) in German, English and — if given and another — the third language."""
    languages = ["de", "en"]
    if third_language and third_language not in languages and third_language in VERDICTS:
        languages.append(third_language)
    return [(language, VERDICTS[language][code]) for language in languages]
