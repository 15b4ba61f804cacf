"""The certificate's fixed wording in every language it can be issued in.

German and English are printed on every certificate; a third block repeats the essentials
in the participant's language (`Certificate.language`). Module titles, trades and sites
stay German/English: they come from the catalogue, which is kept in those two languages.

`statement_*` are sentences with {name}, {birth_date} and {programme} placeholders, so each
language can put them in its own order. Every language defines every key (a test checks).
Gendered forms are given as "i/e", "(-ла)" … where the language has no neutral form.
"""

from __future__ import annotations

from typing import Final

from languages.purposes import is_rtl
from languages.serbian import to_latin
from participants.models import Gender

#: The two languages every certificate carries.
BASE_LANGUAGES: Final = ("de", "en")

LABELS: Final[dict[str, dict[str, str]]] = {
    "de": {
        "language_name": "Deutsch",
        "title_certificate": "Zertifikat",
        "title_attendance": "Teilnahmebescheinigung",
        "statement_certificate": "Hiermit wird bestätigt, dass {name}, geboren am {birth_date}, im Programm "
        "„{programme}“ die folgenden Module erfolgreich abgeschlossen hat.",
        "statement_attendance": "Hiermit wird bestätigt, dass {name}, geboren am {birth_date}, an den folgenden "
        "Modulen des Programms „{programme}“ teilgenommen hat.",
        "modules": "Module",
        "hours": "Stunden",
        "total": "Gesamt",
        "result_passed": "bestanden",
        "result_attended": "teilgenommen",
        "trade": "Gewerk",
        "site": "Standort",
        "dates": "Zeitraum",
        "skills": "Erworbene Kompetenzen",
        "number": "Zertifikatsnummer",
        "issued_on": "Ausgestellt am",
        "issued_by": "Ausgestellt von",
        "not_formal": "Dieses Zertifikat bescheinigt die Teilnahme an praktischen Qualifizierungsmodulen. "
        "Es ist kein formaler Berufsabschluss.",
        "not_formal_attendance": "Diese Teilnahmebescheinigung bestätigt die Teilnahme an praktischen "
        "Qualifizierungsmodulen. Sie ist kein Zertifikat und kein formaler Berufsabschluss.",
        "attendance_note": "Nicht alle Module des Qualifizierungsplans wurden abgeschlossen.",
        "verify": "Dieses Zertifikat online prüfen",
        "status_valid": "gültig",
        "status_revoked": "widerrufen",
        "status_superseded": "ersetzt",
        "status_unknown": "unbekannt",
    },
    "en": {
        "language_name": "English",
        "title_certificate": "Certificate",
        "title_attendance": "Certificate of attendance",
        "statement_certificate": "This is to certify that {name}, born on {birth_date}, has successfully "
        "completed the following modules in the programme “{programme}”.",
        "statement_attendance": "This is to certify that {name}, born on {birth_date}, has attended the "
        "following modules in the programme “{programme}”.",
        "modules": "Modules",
        "hours": "Hours",
        "total": "Total",
        "result_passed": "passed",
        "result_attended": "attended",
        "trade": "Trade",
        "site": "Site",
        "dates": "Dates",
        "skills": "Skills acquired",
        "number": "Certificate number",
        "issued_on": "Issued on",
        "issued_by": "Issued by",
        "not_formal": "This certificate confirms participation in practical training modules. "
        "It is not a formal vocational qualification.",
        "not_formal_attendance": "This confirmation of attendance confirms participation in practical "
        "training modules. It is neither a certificate nor a formal vocational qualification.",
        "attendance_note": "Not every module of the qualification plan was completed.",
        "verify": "Check this certificate online",
        "status_valid": "valid",
        "status_revoked": "revoked",
        "status_superseded": "superseded",
        "status_unknown": "unknown",
    },
    "ar": {
        "language_name": "العربية",
        "title_certificate": "شهادة",
        "title_attendance": "شهادة حضور",
        "statement_certificate": "نشهد بأنّ {name}، تاريخ الميلاد {birth_date}، قد أتمّ/أتمّت بنجاح الوحدات التدريبية "
        "التالية ضمن برنامج «{programme}».",
        "statement_attendance": "نشهد بأنّ {name}، تاريخ الميلاد {birth_date}، قد شارك/شاركت في الوحدات التدريبية "
        "التالية ضمن برنامج «{programme}».",
        "modules": "الوحدات التدريبية",
        "hours": "الساعات",
        "total": "المجموع",
        "result_passed": "ناجح/ة",
        "result_attended": "حضر/ت",
        "trade": "المهنة",
        "site": "مكان التدريب",
        "dates": "الفترة",
        "skills": "المهارات المكتسبة",
        "number": "رقم الشهادة",
        "issued_on": "تاريخ الإصدار",
        "issued_by": "جهة الإصدار",
        "not_formal": "تؤكد هذه الشهادة المشاركة في وحدات تدريب عملي، وهي ليست مؤهلاً مهنياً رسمياً.",
        "not_formal_attendance": "تؤكد شهادة الحضور هذه المشاركة في وحدات تدريب عملي، "
        "وهي ليست شهادة إتمام ولا مؤهلاً مهنياً رسمياً.",
        "attendance_note": "لم تُستكمل جميع وحدات خطة التأهيل.",
        "verify": "تحقّق من هذه الشهادة عبر الإنترنت",
        "status_valid": "صالحة",
        "status_revoked": "ملغاة",
        "status_superseded": "مستبدلة بشهادة أحدث",
        "status_unknown": "غير معروفة",
    },
    "ku": {
        "language_name": "Kurdî (Kurmancî)",
        "title_certificate": "Sertîfîka",
        "title_attendance": "Belgeya amadebûnê",
        "statement_certificate": "Bi vê belgeyê tê piştrastkirin ku {name}, di {birth_date} de ji dayik bûye, "
        "di bernameya “{programme}” de ev modulên jêrîn bi serkeftî temam kirine.",
        "statement_attendance": "Bi vê belgeyê tê piştrastkirin ku {name}, di {birth_date} de ji dayik bûye, "
        "di bernameya “{programme}” de beşdarî van modulên jêrîn bûye.",
        "modules": "Modul",
        "hours": "Saet",
        "total": "Giştî",
        "result_passed": "serkeftî",
        "result_attended": "beşdar bû",
        "trade": "Pîşe",
        "site": "Cihê perwerdeyê",
        "dates": "Dem",
        "skills": "Jêhatîbûnên bidestxistî",
        "number": "Hejmara sertîfîkayê",
        "issued_on": "Dîroka dayînê",
        "issued_by": "Dayîner",
        "not_formal": "Ev sertîfîka beşdarbûna di modulên perwerdeya pratîk de piştrast dike. "
        "Ew ne bawernameyeke pîşeyî ya fermî ye.",
        "not_formal_attendance": "Ev belgeya amadebûnê beşdarbûna di modulên perwerdeya pratîk de piştrast dike. "
        "Ew ne sertîfîka ye û ne jî bawernameyeke pîşeyî ya fermî ye.",
        "attendance_note": "Hin modulên plana perwerdeyê nehatine temamkirin.",
        "verify": "Vê sertîfîkayê li ser înternetê kontrol bike",
        "status_valid": "derbasdar",
        "status_revoked": "betalkirî",
        "status_superseded": "bi yeke nû hatiye guhertin",
        "status_unknown": "nenas",
    },
    "fa": {
        "language_name": "فارسی",
        "title_certificate": "گواهی‌نامه",
        "title_attendance": "گواهی شرکت",
        "statement_certificate": "بدین‌وسیله گواهی می‌شود که {name}، متولد {birth_date}، واحدهای آموزشی زیر را "
        "در برنامهٔ «{programme}» با موفقیت به پایان رسانده است.",
        "statement_attendance": "بدین‌وسیله گواهی می‌شود که {name}، متولد {birth_date}، در واحدهای آموزشی زیر "
        "در برنامهٔ «{programme}» شرکت کرده است.",
        "modules": "واحدهای آموزشی",
        "hours": "ساعت",
        "total": "جمع کل",
        "result_passed": "قبول",
        "result_attended": "شرکت کرده",
        "trade": "حرفه",
        "site": "محل آموزش",
        "dates": "بازهٔ زمانی",
        "skills": "مهارت‌های کسب‌شده",
        "number": "شمارهٔ گواهی‌نامه",
        "issued_on": "تاریخ صدور",
        "issued_by": "صادرکننده",
        "not_formal": "این گواهی‌نامه شرکت در واحدهای آموزش عملی را تأیید می‌کند و مدرک رسمی حرفه‌ای نیست.",
        "not_formal_attendance": "این گواهی شرکت، "
        "شرکت در واحدهای آموزش عملی را تأیید می‌کند و نه گواهی‌نامهٔ پایان دوره است و نه مدرک رسمی حرفه‌ای.",
        "attendance_note": "همهٔ واحدهای برنامهٔ آموزشی به پایان نرسیده است.",
        "verify": "بررسی آنلاین این گواهی‌نامه",
        "status_valid": "معتبر",
        "status_revoked": "باطل‌شده",
        "status_superseded": "جایگزین‌شده",
        "status_unknown": "نامعلوم",
    },
    # Dari: Persian as written in Afghanistan ("تصدیق‌نامه", "اشتراک", "مسلک", "موفقانه").
    "prs": {
        "language_name": "دری",
        "title_certificate": "تصدیق‌نامه",
        "title_attendance": "تصدیق‌نامهٔ اشتراک",
        "statement_certificate": "بدین‌وسیله تصدیق می‌شود که {name}، متولد {birth_date}، واحدهای آموزشی زیر را "
        "در برنامهٔ «{programme}» موفقانه به پایان رسانیده است.",
        "statement_attendance": "بدین‌وسیله تصدیق می‌شود که {name}، متولد {birth_date}، در واحدهای آموزشی زیر "
        "در برنامهٔ «{programme}» اشتراک کرده است.",
        "modules": "واحدهای آموزشی",
        "hours": "ساعت",
        "total": "مجموع",
        "result_passed": "کامیاب",
        "result_attended": "اشتراک کرده",
        "trade": "مسلک",
        "site": "محل آموزش",
        "dates": "بازهٔ زمانی",
        "skills": "مهارت‌های کسب‌شده",
        "number": "شمارهٔ تصدیق‌نامه",
        "issued_on": "تاریخ صدور",
        "issued_by": "صادرکننده",
        "not_formal": "این تصدیق‌نامه اشتراک در واحدهای آموزش عملی را تأیید می‌کند و سند رسمی مسلکی نیست.",
        "not_formal_attendance": "این تصدیق‌نامهٔ اشتراک، "
        "اشتراک در واحدهای آموزش عملی را تأیید می‌کند و نه سند ختم دوره است و نه سند رسمی مسلکی.",
        "attendance_note": "همهٔ واحدهای پلان آموزشی تکمیل نشده است.",
        "verify": "بررسی آنلاین این تصدیق‌نامه",
        "status_valid": "معتبر",
        "status_revoked": "لغوشده",
        "status_superseded": "تعویض‌شده",
        "status_unknown": "نامعلوم",
    },
    "ps": {
        "language_name": "پښتو",
        "title_certificate": "تصدیق‌نامه",
        "title_attendance": "د ګډون تصدیق‌نامه",
        "statement_certificate": "په دې توګه تصدیق کېږي چې {name}، د زېږېدو نېټه {birth_date}، د «{programme}» "
        "پروګرام لاندې ماډیولونه په بریالیتوب سره بشپړ کړي دي.",
        "statement_attendance": "په دې توګه تصدیق کېږي چې {name}، د زېږېدو نېټه {birth_date}، د «{programme}» "
        "پروګرام په لاندې ماډیولونو کې ګډون کړی دی.",
        "modules": "ماډیولونه",
        "hours": "ساعتونه",
        "total": "ټولټال",
        "result_passed": "بریالی",
        "result_attended": "ګډون یې کړی",
        "trade": "مسلک",
        "site": "د زده کړې ځای",
        "dates": "موده",
        "skills": "ترلاسه شوي مهارتونه",
        "number": "د سند شمېره",
        "issued_on": "د صادرېدو نېټه",
        "issued_by": "صادرونکی",
        "not_formal": "دا تصدیق‌نامه د عملي زده کړې په ماډیولونو کې ګډون تاییدوي. دا رسمي مسلکي وړتیا نه ده.",
        "not_formal_attendance": "دا د ګډون تصدیق‌نامه د عملي زده کړې په ماډیولونو کې ګډون تاییدوي. "
        "دا نه د بشپړولو تصدیق‌نامه ده او نه رسمي مسلکي وړتیا.",
        "attendance_note": "د زده کړې د پلان ځینې ماډیولونه نه دي بشپړ شوي.",
        "verify": "دا سند آنلاین وګورئ",
        "status_valid": "باوري",
        "status_revoked": "لغوه شوی",
        "status_superseded": "بدل شوی",
        "status_unknown": "نامعلوم",
    },
    "ti": {
        "language_name": "ትግርኛ",
        "title_certificate": "ምስክር ወረቐት",
        "title_attendance": "ናይ ተሳትፎ ምስክር ወረቐት",
        "statement_certificate": "{name}፡ ዕለተ ልደት {birth_date}፡ ኣብ መደብ «{programme}» ነዞም ዝስዕቡ ሞጁላት "
        "ብዓወት ከም ዝወድአ/ት ንምስክር።",
        "statement_attendance": "{name}፡ ዕለተ ልደት {birth_date}፡ ኣብ መደብ «{programme}» ኣብዞም ዝስዕቡ ሞጁላት "
        "ከም ዝተሳተፈ/ት ንምስክር።",
        "modules": "ሞጁላት",
        "hours": "ሰዓታት",
        "total": "ድምር",
        "result_passed": "ሓሊፉ/ፋ",
        "result_attended": "ተሳቲፉ/ፋ",
        "trade": "ሞያ",
        "site": "ቦታ ስልጠና",
        "dates": "እዋን",
        "skills": "ዝተቐሰሙ ክእለታት",
        "number": "ቁጽሪ ምስክር ወረቐት",
        "issued_on": "ዝተዋህበሉ ዕለት",
        "issued_by": "ዝሃበ ትካል",
        "not_formal": "እዚ ምስክር ወረቐት ኣብ ግብራዊ ሞጁላት ስልጠና ምስታፍ የረጋግጽ። ወግዓዊ ሞያዊ ብቕዓት ኣይኮነን።",
        "not_formal_attendance": "እዚ ናይ ተሳትፎ ምስክር ወረቐት ኣብ ግብራዊ ሞጁላት ስልጠና ምስታፍ የረጋግጽ። "
        "ናይ ምዝዛም ምስክር ወረቐት ኮነ ወግዓዊ ሞያዊ ብቕዓት ኣይኮነን።",
        "attendance_note": "ገለ ሞጁላት ናይቲ መደብ ብቕዓት ኣይተዛዘሙን።",
        "verify": "ነዚ ምስክር ወረቐት ብኢንተርነት ኣረጋግጹ",
        "status_valid": "ቅቡል",
        "status_revoked": "ተሰሪዙ",
        "status_superseded": "ተተኪኡ",
        "status_unknown": "ዘይፍለጥ",
    },
    "fr": {
        "language_name": "Français",
        "title_certificate": "Certificat",
        "title_attendance": "Attestation de participation",
        "statement_certificate": "Nous certifions que {name}, né(e) le {birth_date}, a suivi avec succès les "
        "modules suivants du programme « {programme} ».",
        "statement_attendance": "Nous certifions que {name}, né(e) le {birth_date}, a participé aux modules "
        "suivants du programme « {programme} ».",
        "modules": "Modules",
        "hours": "Heures",
        "total": "Total",
        "result_passed": "réussi",
        "result_attended": "suivi",
        "trade": "Métier",
        "site": "Lieu de formation",
        "dates": "Période",
        "skills": "Compétences acquises",
        "number": "Numéro du certificat",
        "issued_on": "Délivré le",
        "issued_by": "Délivré par",
        "not_formal": "Ce certificat atteste la participation à des modules de formation pratique. "
        "Il ne constitue pas un diplôme professionnel officiel.",
        "not_formal_attendance": "Cette attestation de participation confirme la participation à des "
        "modules de formation pratique. Elle n’est ni un certificat ni une qualification professionnelle formelle.",
        "attendance_note": "Les modules du plan de qualification n’ont pas tous été achevés.",
        "verify": "Vérifier ce certificat en ligne",
        "status_valid": "valide",
        "status_revoked": "révoqué",
        "status_superseded": "remplacé",
        "status_unknown": "inconnu",
    },
    "ru": {
        "language_name": "Русский",
        "title_certificate": "Сертификат",
        "title_attendance": "Справка об участии",
        "statement_certificate": "Настоящим подтверждается, что {name}, дата рождения {birth_date}, успешно "
        "прошёл(-ла) следующие модули программы «{programme}».",
        "statement_attendance": "Настоящим подтверждается, что {name}, дата рождения {birth_date}, принял(-а) "
        "участие в следующих модулях программы «{programme}».",
        "modules": "Модули",
        "hours": "Кол-во часов",
        "total": "Итого",
        "result_passed": "сдано",
        "result_attended": "посещено",
        "trade": "Профессия",
        "site": "Место обучения",
        "dates": "Период",
        "skills": "Приобретённые навыки",
        "number": "Номер сертификата",
        "issued_on": "Дата выдачи",
        "issued_by": "Кем выдан",
        "not_formal": "Настоящий сертификат подтверждает участие в модулях практического обучения. "
        "Он не является документом о профессиональной квалификации.",
        "not_formal_attendance": "Настоящая справка подтверждает участие в модулях практического обучения. "
        "Она не является ни сертификатом, ни документом о профессиональной квалификации.",
        "attendance_note": "Не все модули плана квалификации завершены.",
        "verify": "Проверить сертификат онлайн",
        "status_valid": "действителен",
        "status_revoked": "отозван",
        "status_superseded": "заменён",
        "status_unknown": "неизвестен",
    },
    "tr": {
        "language_name": "Türkçe",
        "title_certificate": "Sertifika",
        "title_attendance": "Katılım Belgesi",
        "statement_certificate": "{birth_date} doğumlu {name}, “{programme}” programında aşağıdaki modülleri "
        "başarıyla tamamlamıştır.",
        "statement_attendance": "{birth_date} doğumlu {name}, “{programme}” programında aşağıdaki modüllere "
        "katılmıştır.",
        "modules": "Modüller",
        "hours": "Saat",
        "total": "Toplam",
        "result_passed": "başarılı",
        "result_attended": "katıldı",
        "trade": "Meslek",
        "site": "Eğitim yeri",
        "dates": "Dönem",
        "skills": "Kazanılan beceriler",
        "number": "Sertifika numarası",
        "issued_on": "Düzenlenme tarihi",
        "issued_by": "Düzenleyen",
        "not_formal": "Bu sertifika, uygulamalı eğitim modüllerine katılımı belgeler. "
        "Resmî bir mesleki yeterlilik değildir.",
        "not_formal_attendance": "Bu katılım belgesi, uygulamalı eğitim modüllerine katılımı belgeler. "
        "Sertifika ya da resmî bir mesleki yeterlilik değildir.",
        "attendance_note": "Yeterlilik planındaki modüllerin tümü tamamlanmamıştır.",
        "verify": "Bu sertifikayı çevrimiçi doğrulayın",
        "status_valid": "geçerli",
        "status_revoked": "iptal edildi",
        "status_superseded": "yenisiyle değiştirildi",
        "status_unknown": "bilinmiyor",
    },
    "ka": {
        "language_name": "ქართული",
        "title_certificate": "სერტიფიკატი",
        "title_attendance": "დასწრების მოწმობა",
        "statement_certificate": "ამით დასტურდება, რომ მონაწილემ {name} (დაბადების თარიღი: {birth_date}) წარმატებით "
        "დაასრულა პროგრამის „{programme}“ შემდეგი მოდულები.",
        "statement_attendance": "ამით დასტურდება, რომ {name} (დაბადების თარიღი: {birth_date}) დაესწრო "
        "პროგრამის „{programme}“ შემდეგ მოდულებს.",
        "modules": "მოდულები",
        "hours": "საათები",
        "total": "სულ",
        "result_passed": "ჩაბარებულია",
        "result_attended": "დაესწრო",
        "trade": "პროფესია",
        "site": "სასწავლო ადგილი",
        "dates": "პერიოდი",
        "skills": "შეძენილი უნარები",
        "number": "სერტიფიკატის ნომერი",
        "issued_on": "გაცემის თარიღი",
        "issued_by": "გამცემი",
        "not_formal": "ეს სერტიფიკატი ადასტურებს პრაქტიკულ სასწავლო მოდულებში მონაწილეობას. "
        "ის არ არის ოფიციალური პროფესიული კვალიფიკაცია.",
        "not_formal_attendance": "ეს დასწრების მოწმობა ადასტურებს პრაქტიკულ სასწავლო მოდულებში მონაწილეობას. "
        "ის არ არის არც სერტიფიკატი და არც ოფიციალური პროფესიული კვალიფიკაცია.",
        "attendance_note": "კვალიფიკაციის გეგმის ყველა მოდული არ არის დასრულებული.",
        "verify": "შეამოწმეთ ეს სერტიფიკატი ონლაინ",
        "status_valid": "მოქმედი",
        "status_revoked": "გაუქმებული",
        "status_superseded": "ჩანაცვლებული",
        "status_unknown": "უცნობი",
    },
    "sq": {
        "language_name": "Shqip",
        "title_certificate": "Certifikatë",
        "title_attendance": "Vërtetim pjesëmarrjeje",
        "statement_certificate": "Vërtetohet se {name}, i/e lindur më {birth_date}, ka përfunduar me sukses "
        "modulet e mëposhtme në programin “{programme}”.",
        "statement_attendance": "Vërtetohet se {name}, i/e lindur më {birth_date}, ka marrë pjesë në modulet "
        "e mëposhtme në programin “{programme}”.",
        "modules": "Modulet",
        "hours": "Orë",
        "total": "Gjithsej",
        "result_passed": "me sukses",
        "result_attended": "ka marrë pjesë",
        "trade": "Profesioni",
        "site": "Vendi i trajnimit",
        "dates": "Periudha",
        "skills": "Aftësitë e fituara",
        "number": "Numri i certifikatës",
        "issued_on": "Lëshuar më",
        "issued_by": "Lëshuar nga",
        "not_formal": "Kjo certifikatë vërteton pjesëmarrjen në module trajnimi praktik. "
        "Ajo nuk është kualifikim profesional zyrtar.",
        "not_formal_attendance": "Ky vërtetim pjesëmarrjeje vërteton pjesëmarrjen në module trajnimi praktik. "
        "Ai nuk është as certifikatë, as kualifikim profesional zyrtar.",
        "attendance_note": "Jo të gjitha modulet e planit të kualifikimit janë përfunduar.",
        "verify": "Verifikoni këtë certifikatë në internet",
        "status_valid": "e vlefshme",
        "status_revoked": "e anuluar",
        "status_superseded": "e zëvendësuar",
        "status_unknown": "e panjohur",
    },
    # Serbian in Cyrillic, the official script.
    "sr": {
        "language_name": "Српски",
        "title_certificate": "Сертификат",
        "title_attendance": "Потврда о похађању",
        "statement_certificate": "Овим се потврђује да је {name}, рођен/а {birth_date}, успешно завршио/ла "
        "следеће модуле у програму „{programme}“.",
        "statement_attendance": "Овим се потврђује да је {name}, рођен/а {birth_date}, похађао/ла следеће "
        "модуле у програму „{programme}“.",
        "modules": "Модули",
        "hours": "Сати",
        "total": "Укупно",
        "result_passed": "положено",
        "result_attended": "похађано",
        "trade": "Занимање",
        "site": "Место обуке",
        "dates": "Период",
        "skills": "Стечене вештине",
        "number": "Број сертификата",
        "issued_on": "Датум издавања",
        "issued_by": "Издао",
        "not_formal": "Овај сертификат потврђује учешће у модулима практичне обуке. "
        "Не представља формалну стручну квалификацију.",
        "not_formal_attendance": "Ова потврда о похађању потврђује учешће у модулима практичне обуке. "
        "Она није ни сертификат ни формална стручна квалификација.",
        "attendance_note": "Нису завршени сви модули плана квалификације.",
        "verify": "Проверите овај сертификат на интернету",
        "status_valid": "важећи",
        "status_revoked": "опозван",
        "status_superseded": "замењен",
        "status_unknown": "непознат",
    },
}

#: Serbian in Latin script: the Cyrillic block transliterated (`languages.serbian`), never
#: translated twice.
LABELS["sr-latn"] = {key: to_latin(text) for key, text in LABELS["sr"].items()} | {"language_name": "Srpski (latinica)"}

#: Where the language marks the person's gender in the statement (the verb agrees with
#: {name}), the form for women and for men; anyone else, or nobody recorded, gets the
#: neutral form in LABELS (both forms, "أتمّ/أتمّت"). Only the statement: it is one of the
#: person's own fields, while the rest of the page is shared by everyone with the same
#: modules (certificates/pdf.py: background), so table cells stay neutral.
STATEMENTS_BY_GENDER: Final[dict[str, dict[Gender, dict[str, str]]]] = {
    "ar": {
        Gender.FEMALE: {
            "statement_certificate": "نشهد بأنّ {name}، تاريخ الميلاد {birth_date}، قد أتمّت بنجاح الوحدات "
            "التدريبية التالية ضمن برنامج «{programme}».",
            "statement_attendance": "نشهد بأنّ {name}، تاريخ الميلاد {birth_date}، قد شاركت في الوحدات "
            "التدريبية التالية ضمن برنامج «{programme}».",
        },
        Gender.MALE: {
            "statement_certificate": "نشهد بأنّ {name}، تاريخ الميلاد {birth_date}، قد أتمّ بنجاح الوحدات "
            "التدريبية التالية ضمن برنامج «{programme}».",
            "statement_attendance": "نشهد بأنّ {name}، تاريخ الميلاد {birth_date}، قد شارك في الوحدات "
            "التدريبية التالية ضمن برنامج «{programme}».",
        },
    },
    "ti": {
        Gender.FEMALE: {
            "statement_certificate": "{name}፡ ዕለተ ልደት {birth_date}፡ ኣብ መደብ «{programme}» ነዞም ዝስዕቡ ሞጁላት "
            "ብዓወት ከም ዝወድአት ንምስክር።",
            "statement_attendance": "{name}፡ ዕለተ ልደት {birth_date}፡ ኣብ መደብ «{programme}» ኣብዞም ዝስዕቡ ሞጁላት "
            "ከም ዝተሳተፈት ንምስክር።",
        },
        Gender.MALE: {
            "statement_certificate": "{name}፡ ዕለተ ልደት {birth_date}፡ ኣብ መደብ «{programme}» ነዞም ዝስዕቡ ሞጁላት "
            "ብዓወት ከም ዝወድአ ንምስክር።",
            "statement_attendance": "{name}፡ ዕለተ ልደት {birth_date}፡ ኣብ መደብ «{programme}» ኣብዞም ዝስዕቡ ሞጁላት "
            "ከም ዝተሳተፈ ንምስክር።",
        },
    },
    "sr": {
        Gender.FEMALE: {
            "statement_certificate": "Овим се потврђује да је {name}, рођена {birth_date}, успешно завршила "
            "следеће модуле у програму „{programme}“.",
            "statement_attendance": "Овим се потврђује да је {name}, рођена {birth_date}, похађала следеће "
            "модуле у програму „{programme}“.",
        },
        Gender.MALE: {
            "statement_certificate": "Овим се потврђује да је {name}, рођен {birth_date}, успешно завршио "
            "следеће модуле у програму „{programme}“.",
            "statement_attendance": "Овим се потврђује да је {name}, рођен {birth_date}, похађао следеће "
            "модуле у програму „{programme}“.",
        },
    },
}
STATEMENTS_BY_GENDER["sr-latn"] = {
    gender: {key: to_latin(text) for key, text in forms.items()} for gender, forms in STATEMENTS_BY_GENDER["sr"].items()
}

#: Every language a certificate can be issued in, in the order offered at issue.
LANGUAGES: Final = tuple(LABELS)

#: The certificate languages written right to left (one RTL set: `languages.purposes`).
RTL_LANGUAGES: Final = frozenset(code for code in LANGUAGES if is_rtl(code))


def labels_for(language: str, gender: str | None = None) -> dict[str, str]:
    """The labels of one language (KeyError for a language we do not print); with the
    person's recorded gender, the statement in the form that agrees with it."""
    labels = LABELS[language]
    forms = STATEMENTS_BY_GENDER.get(language, {}).get(Gender(gender)) if gender in set(Gender) else None
    return labels | forms if forms else labels
