"""Every text the package shows a reader, in Indonesian and English, in one place.

``text(key, lang, **fields)`` fills a message; numbers are formatted per language
(decimal comma in Indonesian: 0,016). A key missing in either language fails a test.
"""

from __future__ import annotations

import math

from evsynth.notes import read_notes

LANGUAGES = ("id", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # --- tests, as named in the audit
    "test.mcnemar_exact": {"en": "exact McNemar test (binomial)", "id": "uji McNemar eksak (binomial)"},
    "test.mcnemar_cc": {"en": "McNemar chi-square with continuity correction",
                        "id": "khi-kuadrat McNemar dengan koreksi kontinuitas"},
    "test.mcnemar": {"en": "McNemar chi-square without correction",
                     "id": "khi-kuadrat McNemar tanpa koreksi"},
    "test.paired_binary_t": {"en": "paired t-test on the 0/1 outcome", "id": "uji t berpasangan pada luaran 0/1"},
    "test.fisher": {"en": "Fisher's exact test", "id": "uji eksak Fisher"},
    "test.chi2": {"en": "Pearson chi-square", "id": "khi-kuadrat Pearson"},
    "test.chi2_yates": {"en": "chi-square with Yates' correction", "id": "khi-kuadrat dengan koreksi Yates"},
    "test.mann_whitney": {"en": "Mann-Whitney U (normal approximation, tie-corrected)",
                          "id": "Mann-Whitney U (pendekatan normal, koreksi angka sama)"},
    "test.mann_whitney_cc": {"en": "Mann-Whitney U with continuity correction",
                             "id": "Mann-Whitney U dengan koreksi kontinuitas"},
    "test.mann_whitney_exact": {"en": "Mann-Whitney U exact (2 x one-sided)",
                                "id": "Mann-Whitney U eksak (2 x satu sisi)"},
    "test.student_t": {"en": "Student's t-test", "id": "uji t Student"},
    "test.welch_t": {"en": "Welch's t-test", "id": "uji t Welch"},
    "test.paired_t": {"en": "paired t-test", "id": "uji t berpasangan"},
    "word.and": {"en": "and", "id": "dan"},
    # --- kinds of data
    "kind.paired_binary": {"en": "paired binary", "id": "biner berpasangan"},
    "kind.two_group_binary": {"en": "two-group binary", "id": "biner dua kelompok"},
    "kind.paired_continuous": {"en": "paired continuous", "id": "kontinu berpasangan"},
    "kind.two_group_continuous": {"en": "two-group continuous", "id": "kontinu dua kelompok"},
    # --- why a row cannot be checked
    "audit.no_p": {"en": "No p-value is reported.", "id": "Nilai p tidak dilaporkan."},
    "audit.unreadable_p": {"en": "The printed p cannot be read as a number.",
                           "id": "Nilai p tercetak tidak dapat dibaca sebagai angka."},
    "audit.no_kind": {
        "en": "The {missing} is not reported, so no test can be recomputed.",
        "id": "{missing} tidak dilaporkan sehingga tidak ada uji yang dapat dihitung ulang.",
    },
    "audit.missing.outcome_type": {"en": "outcome type (binary or continuous)",
                                   "id": "Jenis luaran (biner atau kontinu)"},
    "audit.missing.design": {"en": "design", "id": "Desain studi"},
    "audit.no_paired_counts": {
        "en": "Neither the discordant pairs nor the before/after counts are reported.",
        "id": "Baik pasangan diskordan maupun jumlah sebelum/sesudah tidak dilaporkan.",
    },
    "audit.no_group_counts": {
        "en": "Neither the group counts nor percentages with a total n are reported.",
        "id": "Jumlah per kelompok maupun persentase beserta n total tidak dilaporkan.",
    },
    "audit.no_split": {
        "en": "No split of n = {n} into two groups makes every printed percentage a whole count.",
        "id": "Tidak ada pembagian n = {n} menjadi dua kelompok yang membuat setiap persentase tercetak "
              "berasal dari bilangan bulat.",
    },
    "audit.missing_summaries": {
        "en": "The {test} needs {missing}, which the study does not report.",
        "id": "{test} memerlukan {missing}, yang tidak dilaporkan studi.",
    },
    "audit.missing.sd_change": {"en": "the SD of the change", "id": "SB perubahan"},
    "audit.missing.mean_change": {"en": "the mean change", "id": "rerata perubahan"},
    "audit.missing.group_summaries": {"en": "each group's mean, SD and n",
                                      "id": "rerata, SB, dan n tiap kelompok"},
    "audit.rank_test": {
        "en": "A {test} on continuous data cannot be recomputed from summary statistics.",
        "id": "Uji {test} pada data kontinu tidak dapat dihitung ulang dari statistik ringkas.",
    },
    "audit.missing.n_total": {"en": "the total n", "id": "n total"},
    "audit.undefined": {
        "en": "The {test} is undefined for these numbers: {why}.",
        "id": "{test} tidak terdefinisi untuk angka-angka ini: {why}.",
    },
    "audit.split_too_many": {
        "en": "Group sizes are not printed, and n = {n} has {splits} splits into two groups that could fit the "
              "printed percentages, too many to try one by one (at most {limit}).",
        "id": "Besar kelompok tidak dicetak, dan n = {n} memiliki {splits} kemungkinan pembagian menjadi dua kelompok "
              "yang dapat cocok dengan persentase tercetak, terlalu banyak untuk dicoba satu per satu (paling banyak "
              "{limit}).",
    },
    # --- why a number cannot be computed (the {why} of audit.undefined and effect.undefined)
    "why.no_n": {"en": "the total n is not reported", "id": "n total tidak dilaporkan"},
    "why.no_change": {"en": "no pair changed", "id": "tidak ada pasangan yang berubah"},
    "why.too_few": {"en": "there are too few participants for its degrees of freedom",
                    "id": "partisipan terlalu sedikit untuk derajat bebasnya"},
    "why.no_variation": {"en": "every participant has the outcome, or none does",
                         "id": "semua partisipan mengalami luaran, atau tidak seorang pun"},
    "why.sd_change_zero": {"en": "the SD of the change is 0", "id": "SB perubahan bernilai 0"},
    "why.sds_zero": {"en": "both groups' SDs are 0", "id": "SB kedua kelompok bernilai 0"},
    "why.p_too_small": {"en": "the printed p is too small to convert into a test statistic",
                        "id": "p tercetak terlalu kecil untuk diubah menjadi statistik uji"},
    "why.out_of_range": {"en": "a number is too large or too small to compute with",
                         "id": "ada angka yang terlalu besar atau terlalu kecil untuk dihitung"},
    "audit.unsupported_test": {
        "en": "The named test ({test}) cannot be recomputed from {kind} data.",
        "id": "Uji yang disebut ({test}) tidak dapat dihitung ulang dari data {kind}.",
    },
    # --- verdicts
    "audit.consistent": {
        "en": "The {test} gives {p}, which agrees with the printed p {printed}.",
        "id": "{test} menghasilkan {p}, sesuai dengan p tercetak {printed}.",
    },
    "audit.inconsistent": {
        "en": "The {test} gives {p}, which cannot be printed as p {printed}; the conclusion at "
              "alpha = {alpha} is the same.",
        "id": "{test} menghasilkan {p}, yang tidak mungkin tercetak sebagai p {printed}; kesimpulan pada "
              "alfa = {alpha} tetap sama.",
    },
    "audit.decision_inconsistent": {
        "en": "The {test} gives {p}, which contradicts the printed p {printed}: significance at "
              "alpha = {alpha} flips.",
        "id": "{test} menghasilkan {p}, bertentangan dengan p tercetak {printed}: kemaknaan pada "
              "alfa = {alpha} berbalik.",
    },
    "audit.zero_printed": {
        "en": "A p printed as {printed} is only a bound (p < {bound}), and an exact p is never 0.",
        "id": "Nilai p yang tercetak {printed} hanyalah batas (p < {bound}); nilai p eksak tidak pernah 0.",
    },
    "audit.variants": {"en": "Other variants: {variants}.", "id": "Varian lain: {variants}."},
    "audit.reproduced_with": {
        "en": "Of the feasible numbers worsened ({low} to {w_max}), the printed p is reproduced by: {values}.",
        "id": "Dari jumlah memburuk yang mungkin ({low} sampai {w_max}), p tercetak dihasilkan oleh: {values}.",
    },
    "audit.reproduced_never": {
        "en": "No feasible number worsened reproduces the printed p.",
        "id": "Tidak ada jumlah memburuk yang mungkin yang menghasilkan p tercetak.",
    },
    "audit.tipping": {
        "en": "Tipping point: {w} worsened would give {p} (>= {alpha}).",
        "id": "Titik balik: {w} orang memburuk akan menghasilkan {p} (>= {alpha}).",
    },
    "audit.tipping_none": {
        "en": "No feasible number worsened (at most {w_max}) pushes p to {alpha} or above.",
        "id": "Tidak ada jumlah memburuk yang mungkin (paling banyak {w_max}) yang membuat p mencapai {alpha} "
              "atau lebih.",
    },
    "audit.other_splits": {"en": "Other splits that fit: {splits}.", "id": "Pembagian lain yang cocok: {splits}."},
    "audit.more_splits": {"en": "and {n} more", "id": "dan {n} lainnya"},
    "audit.tipping_no_n": {
        "en": "No tipping point: it needs the total n, which is not reported.",
        "id": "Titik balik tidak dihitung: memerlukan n total, yang tidak dilaporkan.",
    },
    "audit.tipping_too_many": {
        "en": "No tipping point: {w_max} numbers worsened are feasible, too many to try one by one (at most {limit}).",
        "id": "Titik balik tidak dihitung: ada {w_max} kemungkinan jumlah memburuk, terlalu banyak untuk dicoba satu "
              "per satu (paling banyak {limit}).",
    },
    "audit.grim_none": {
        "en": "{pct}% of n = {n} is no whole count (GRIM).",
        "id": "{pct}% dari n = {n} tidak berasal dari bilangan bulat (GRIM).",
    },
    "audit.grim_truncated": {
        "en": "{pct}% fits {k}/{n} = {exact}% only if truncated, not rounded.",
        "id": "{pct}% cocok dengan {k}/{n} = {exact}% hanya bila dipotong, bukan dibulatkan.",
    },
    # --- assumptions
    "assume.min_discordance_worsened": {
        "en": "Worsened is not reported; minimum discordance is assumed: nobody left the favourable category "
              "(worsened = 0).",
        "id": "Jumlah yang memburuk tidak dilaporkan; diasumsikan diskordansi minimum: tidak ada yang keluar dari "
              "kategori baik (memburuk = 0).",
    },
    "assume.min_discordance_margins": {
        "en": "Only the before/after counts are reported; minimum discordance is assumed: every change went the "
              "reported way ({b} improved, {c} worsened).",
        "id": "Hanya jumlah sebelum/sesudah yang dilaporkan; diasumsikan diskordansi minimum: semua perubahan searah "
              "dengan yang dilaporkan ({b} membaik, {c} memburuk).",
    },
    "assume.test": {
        "en": "The test is not named; the {test} is assumed for {kind} data.",
        "id": "Uji tidak disebutkan; diasumsikan {test} untuk data {kind}.",
    },
    "assume.spss_variant": {
        "en": "The variant SPSS reports for this size is used ({reason}).",
        "id": "Dipakai varian yang dilaporkan SPSS untuk ukuran ini ({reason}).",
    },
    "assume.spss.mcnemar_small": {"en": "fewer than 25 pairs changed", "id": "kurang dari 25 pasangan berubah"},
    "assume.spss.mcnemar_large": {"en": "25 or more pairs changed", "id": "25 pasangan atau lebih berubah"},
    "assume.spss.mw_small": {"en": "40 or fewer cases", "id": "40 kasus atau kurang"},
    "assume.spss.mw_large": {"en": "more than 40 cases", "id": "lebih dari 40 kasus"},
    "assume.groups": {
        "en": "Group sizes are not printed; n_1 = {n_1} and n_2 = {n_2} is the split of n = {n} under which every "
              "printed percentage is a whole count{rule}.",
        "id": "Besar kelompok tidak dicetak; n_1 = {n_1} dan n_2 = {n_2} adalah pembagian n = {n} yang membuat setiap "
              "persentase tercetak berasal dari bilangan bulat{rule}.",
    },
    "assume.groups_truncation": {"en": " (only if the percentages were truncated, not rounded)",
                                 "id": " (hanya bila persentase dipotong, bukan dibulatkan)"},
    "assume.counts_from_pct": {
        "en": "Counts derived from the printed percentages: {counts}.",
        "id": "Jumlah diturunkan dari persentase tercetak: {counts}.",
    },
    # --- effect sizes
    "effect.margins_only": {
        "en": "The difference follows from the before/after counts; its confidence interval is taken at the "
              "largest discordance they allow ({b_max} improved, {c_max} worsened), so it is conservative.",
        "id": "Selisih ditentukan oleh jumlah sebelum/sesudah; interval kepercayaannya diambil pada diskordansi "
              "terbesar yang dimungkinkan ({b_max} membaik, {c_max} memburuk) sehingga bersifat konservatif.",
    },
    "effect.zero_cell": {
        "en": "A zero cell: 0.5 added to every cell.",
        "id": "Ada sel nol: setiap sel ditambah 0,5.",
    },
    "effect.direction_only": {
        "en": "The study reports no numbers from which an effect can be estimated or bounded; only its "
              "reported direction is used.",
        "id": "Studi tidak melaporkan angka yang memungkinkan efek ditaksir atau dibatasi; hanya arah efek yang "
              "dilaporkan yang dipakai.",
    },
    "effect.undefined": {
        "en": "No effect can be estimated from these numbers: {why}. Only the reported direction is used.",
        "id": "Tidak ada efek yang dapat ditaksir dari angka-angka ini: {why}. Hanya arah efek yang dilaporkan yang "
              "dipakai.",
    },
    "effect.bound": {
        "en": "Only a censored p is printed: taking p = {p} at its limit, t({df}) = {t}, which bounds the "
              "standardised effect (Cochrane Handbook 6.5.2.3). A bound, not an estimate.",
        "id": "Hanya p tersensor yang dicetak: dengan p = {p} pada batasnya, t({df}) = {t}, yang membatasi efek "
              "terstandar (Cochrane Handbook 6.5.2.3). Ini batas, bukan taksiran.",
    },
    "effect.bound_se": {
        "en": "The SE is at most the mean change / t({df}) = {t} (p = {p} at its censoring limit), so this "
              "interval is at least as wide as the true one.",
        "id": "SE paling besar rerata perubahan / t({df}) = {t} (p = {p} pada batas sensornya), sehingga interval "
              "ini setidaknya selebar interval sebenarnya.",
    },
    "effect.from_p": {
        "en": "SD not reported: the SE comes from the printed p = {p} as a t-test on {df} df, t = {t} "
              "(Cochrane Handbook 6.5.2.3).",
        "id": "SB tidak dilaporkan: SE diturunkan dari p tercetak = {p} sebagai uji t dengan {df} df, t = {t} "
              "(Cochrane Handbook 6.5.2.3).",
    },
    # --- pooling decisions
    "pool.done": {
        "en": "{k} studies with an estimate on {measure} were pooled with random-effects models.",
        "id": "{k} studi dengan taksiran {measure} digabungkan dengan model efek acak.",
    },
    "pool.too_few": {
        "en": "Not pooled: studies with an estimate on {measure}: {k} (at least 2 are needed).",
        "id": "Tidak digabungkan: studi dengan taksiran {measure}: {k} (diperlukan sedikitnya 2).",
    },
    "pool.uncontrolled": {
        "en": "Not pooled: one-group before/after designs have no control group, so their change from baseline "
              "does not estimate the effect of the intervention; they enter the synthesis by direction only.",
        "id": "Tidak digabungkan: desain satu kelompok sebelum/sesudah tidak memiliki kelompok kontrol sehingga "
              "perubahan dari awal tidak menaksir efek intervensi; desain ini masuk sintesis hanya melalui arah efek.",
    },
    "pool.unknown_design": {
        "en": "Not pooled: the design of these studies is not reported, so they cannot be placed among the "
              "controlled or the uncontrolled comparisons.",
        "id": "Tidak digabungkan: desain studi ini tidak dilaporkan sehingga tidak dapat dimasukkan ke perbandingan "
              "dengan kontrol maupun tanpa kontrol.",
    },
    "pool.none_estimable": {
        "en": "Not pooled: no study here has an effect estimate, only bounds or directions.",
        "id": "Tidak digabungkan: tidak ada studi dengan taksiran efek, hanya batas atau arah efek.",
    },
    "pool.left_out": {
        "en": "Studies here with only a bound, a direction or another measure, not pooled: {n}.",
        "id": "Studi dengan hanya batas, arah efek, atau ukuran lain, yang tidak digabungkan: {n}.",
    },
    "pool.no_prediction": {
        "en": "With fewer than 3 studies the prediction interval (t on k - 2 df) is undefined.",
        "id": "Dengan kurang dari 3 studi, interval prediksi (t dengan k - 2 df) tidak terdefinisi.",
    },
    # --- words for values in prose
    "verdict.consistent": {"en": "consistent", "id": "konsisten"},
    "verdict.inconsistent": {"en": "inconsistent", "id": "tidak konsisten"},
    "verdict.decision_inconsistent": {"en": "inconsistent in its conclusion", "id": "tidak konsisten dalam kesimpulan"},
    "verdict.not_checkable": {"en": "not checkable", "id": "tidak dapat diperiksa"},
    "verdict.none_feasible": {"en": "none feasible", "id": "tidak ada yang mungkin"},
    "value.interval": {"en": "{low} to {high}", "id": "{low} sampai {high}"},
    "value.versus": {"en": " vs ", "id": " vs "},
    "unit.percent": {"en": "{value}%", "id": "{value}%"},
    "unit.percentage_points": {"en": "{value} percentage points", "id": "{value} poin persentase"},
    "unit.times": {"en": "{value} times", "id": "{value} kali"},
    "unit.cc": {"en": "{value} cc", "id": "{value} cc"},
    # --- PRISMA 2020 flow diagram
    "prisma.header_databases": {"en": "Identification of studies via databases and registers",
                                "id": "Identifikasi studi melalui basis data dan registri"},
    "prisma.header_other": {"en": "Identification of studies via other methods",
                            "id": "Identifikasi studi melalui metode lain"},
    "prisma.phase.identification": {"en": "Identification", "id": "Identifikasi"},
    "prisma.phase.screening": {"en": "Screening", "id": "Penyaringan"},
    "prisma.phase.included": {"en": "Included", "id": "Diikutsertakan"},
    "prisma.identified_from": {"en": "Records identified from:", "id": "Rekaman teridentifikasi dari:"},
    "prisma.databases": {"en": "Databases (n = {n})", "id": "Basis data (n = {n})"},
    "prisma.registers": {"en": "Registers (n = {n})", "id": "Registri (n = {n})"},
    "prisma.websites": {"en": "Websites (n = {n})", "id": "Situs web (n = {n})"},
    "prisma.organisations": {"en": "Organisations (n = {n})", "id": "Organisasi (n = {n})"},
    "prisma.citations": {"en": "Citation searching (n = {n})", "id": "Penelusuran sitasi (n = {n})"},
    "prisma.removed_before": {"en": "Records removed before screening:",
                              "id": "Rekaman dihapus sebelum penyaringan:"},
    "prisma.duplicates": {"en": "Duplicate records (n = {n})", "id": "Rekaman duplikat (n = {n})"},
    "prisma.automation": {"en": "Marked ineligible by automation tools (n = {n})",
                          "id": "Tidak layak menurut alat otomatis (n = {n})"},
    "prisma.other_reasons": {"en": "Removed for other reasons (n = {n})",
                             "id": "Dihapus karena alasan lain (n = {n})"},
    "prisma.screened": {"en": "Records screened (n = {n})", "id": "Rekaman yang disaring (n = {n})"},
    "prisma.records_excluded": {"en": "Records excluded (n = {n})", "id": "Rekaman yang dikeluarkan (n = {n})"},
    "prisma.sought": {"en": "Reports sought for retrieval (n = {n})",
                      "id": "Laporan yang dicari untuk diambil (n = {n})"},
    "prisma.not_retrieved": {"en": "Reports not retrieved (n = {n})",
                             "id": "Laporan yang tidak dapat diambil (n = {n})"},
    "prisma.assessed": {"en": "Reports assessed for eligibility (n = {n})",
                        "id": "Laporan yang dinilai kelayakannya (n = {n})"},
    "prisma.reports_excluded": {"en": "Reports excluded (n = {n})", "id": "Laporan yang dikeluarkan (n = {n})"},
    "prisma.studies_included": {"en": "Studies included in review (n = {n})",
                                "id": "Studi yang diikutsertakan dalam tinjauan (n = {n})"},
    "prisma.reports_included": {"en": "Reports of included studies (n = {n})",
                                "id": "Laporan dari studi yang diikutsertakan (n = {n})"},
    "prisma.legend_unknown": {"en": "n = ?: the review does not report this count",
                              "id": "n = ?: jumlah ini tidak dilaporkan oleh tinjauan"},
    "prisma.tip.identified": {"en": "Records found by searching each database or register",
                              "id": "Rekaman yang ditemukan dari penelusuran tiap basis data atau registri"},
    "prisma.tip.other_identified": {"en": "Records found by other methods: websites, organisations, citations",
                                    "id": "Rekaman yang ditemukan dengan metode lain: situs web, organisasi, sitasi"},
    "prisma.tip.removed": {"en": "Records removed before screening, and why",
                           "id": "Rekaman yang dihapus sebelum penyaringan, beserta alasannya"},
    "prisma.tip.screened": {"en": "Titles and abstracts screened", "id": "Judul dan abstrak yang disaring"},
    "prisma.tip.records_excluded": {"en": "Records excluded on title and abstract",
                                    "id": "Rekaman yang dikeluarkan berdasarkan judul dan abstrak"},
    "prisma.tip.sought": {"en": "Full texts the reviewers tried to obtain",
                          "id": "Naskah lengkap yang diupayakan untuk diperoleh"},
    "prisma.tip.not_retrieved": {"en": "Full texts that could not be obtained",
                                 "id": "Naskah lengkap yang tidak dapat diperoleh"},
    "prisma.tip.assessed": {"en": "Full texts assessed against the eligibility criteria",
                            "id": "Naskah lengkap yang dinilai terhadap kriteria kelayakan"},
    "prisma.tip.reports_excluded": {"en": "Full texts excluded, with the reasons",
                                    "id": "Naskah lengkap yang dikeluarkan, beserta alasannya"},
    "prisma.tip.included": {"en": "Studies, and their reports, included in the review",
                            "id": "Studi, beserta laporannya, yang diikutsertakan dalam tinjauan"},
    "prisma.alt": {
        "en": "PRISMA 2020 flow diagram. Records were sought in {databases}; {included} studies were included.",
        "id": "Diagram alur PRISMA 2020. Rekaman dicari di {databases}; {included} studi diikutsertakan.",
    },
    "prisma.alt_unknown": {
        "en": "{known} of the {boxes} counts in the diagram are reported; the others are shown as n = ?.",
        "id": "{known} dari {boxes} jumlah dalam diagram dilaporkan; sisanya ditampilkan sebagai n = ?.",
    },
    "prisma.title": {"en": "PRISMA 2020 flow diagram", "id": "Diagram alur PRISMA 2020"},
    "prisma.caption": {
        "en": "PRISMA 2020 flow diagram of the search and selection of studies.",
        "id": "Diagram alur PRISMA 2020 untuk penelusuran dan seleksi studi.",
    },
    # --- JBI appraisal traffic light
    "jbi.item1": {"en": "1. Cause and effect clear", "id": "1. Sebab dan akibat jelas"},
    "jbi.item2": {"en": "2. Similar participants", "id": "2. Partisipan serupa"},
    "jbi.item3": {"en": "3. Similar care apart from the intervention",
                  "id": "3. Perlakuan serupa selain intervensi"},
    "jbi.item4": {"en": "4. Control group", "id": "4. Kelompok kontrol"},
    "jbi.item5": {"en": "5. Measured before and after", "id": "5. Diukur sebelum dan sesudah"},
    "jbi.item6": {"en": "6. Follow-up complete", "id": "6. Tindak lanjut lengkap"},
    "jbi.item7": {"en": "7. Outcomes measured the same way", "id": "7. Luaran diukur dengan cara sama"},
    "jbi.item8": {"en": "8. Outcomes measured reliably", "id": "8. Luaran diukur secara andal"},
    "jbi.item9": {"en": "9. Appropriate statistical analysis", "id": "9. Analisis statistik tepat"},
    "jbi.answer.yes": {"en": "yes", "id": "ya"},
    "jbi.answer.no": {"en": "no", "id": "tidak"},
    "jbi.answer.unclear": {"en": "unclear", "id": "tidak jelas"},
    "jbi.answer.not_applicable": {"en": "not applicable", "id": "tidak berlaku"},
    "jbi.items_axis": {"en": "JBI checklist item (quasi-experimental studies)",
                       "id": "Butir daftar tilik JBI (studi kuasi-eksperimen)"},
    "jbi.title": {"en": "Critical appraisal", "id": "Telaah kritis"},
    "jbi.alt": {
        "en": "Traffic-light chart of the JBI appraisal of {studies} studies on {items} items: {yes} answers yes, "
              "{no} no, {unclear} unclear and {not_applicable} not applicable.",
        "id": "Diagram lampu lalu lintas telaah JBI atas {studies} studi pada {items} butir: {yes} jawaban ya, "
              "{no} tidak, {unclear} tidak jelas, dan {not_applicable} tidak berlaku.",
    },
    "jbi.caption": {
        "en": "Critical appraisal with the JBI checklist for quasi-experimental studies. Only what a study's "
              "design answers by itself is rated; the rest is unclear without the full text.",
        "id": "Telaah kritis dengan daftar tilik JBI untuk studi kuasi-eksperimen. Hanya hal yang dijawab oleh "
              "desain studi itu sendiri yang dinilai; sisanya tidak jelas tanpa naskah lengkap.",
    },
    # --- evidence figures
    "measure.RR": {"en": "Risk ratio (log scale)", "id": "Rasio risiko (skala log)"},
    "measure.OR": {"en": "Odds ratio (log scale)", "id": "Rasio odds (skala log)"},
    "measure.RD": {"en": "Risk difference", "id": "Selisih risiko"},
    "measure.paired_RD": {"en": "Paired difference in proportions (after - before)",
                          "id": "Selisih proporsi berpasangan (sesudah - sebelum)"},
    "measure.paired_OR": {"en": "Paired odds ratio (log scale)", "id": "Rasio odds berpasangan (skala log)"},
    "measure.SMD": {"en": "Standardised mean difference (Hedges' g)", "id": "Beda rerata terstandar (g Hedges)"},
    "measure.MD": {"en": "Mean difference", "id": "Beda rerata"},
    "measure.SMCC": {"en": "Standardised mean change (d_z)", "id": "Perubahan rerata terstandar (d_z)"},
    "measure.MC": {"en": "Mean change", "id": "Rerata perubahan"},
    "measure.direction": {"en": "Direction of effect only", "id": "Hanya arah efek"},
    "basis.counts": {"en": "counts", "id": "jumlah"},
    "basis.summary_stats": {"en": "summary statistics", "id": "statistik ringkas"},
    "basis.reconstructed_counts": {"en": "reconstructed counts", "id": "jumlah rekonstruksi"},
    "basis.bound_from_p": {"en": "bound from p", "id": "batas dari p"},
    "basis.direction_only": {"en": "direction only", "id": "hanya arah"},
    "direction.favours_intervention": {"en": "favours intervention", "id": "mendukung intervensi"},
    "direction.favours_control": {"en": "favours control", "id": "mendukung kontrol"},
    "direction.none": {"en": "no difference", "id": "tidak ada perbedaan"},
    "direction.mixed": {"en": "mixed", "id": "campuran"},
    "forest.favours_control": {"en": "favours control / baseline", "id": "mendukung kontrol / awal"},
    "forest.favours_intervention": {"en": "favours intervention", "id": "mendukung intervensi"},
    "forest.pooled": {"en": "Pooled, {method} (k = {k})", "id": "Gabungan, {method} (k = {k})"},
    "forest.prediction": {"en": "95% prediction interval", "id": "Interval prediksi 95%"},
    "forest.title": {"en": "Effects of the included studies", "id": "Efek studi yang diikutsertakan"},
    "forest.caption": {
        "en": "Effect of each study and outcome on its own metric, with 95% confidence intervals. Square area "
              "follows sample size (random-effects weight in a pooled panel); orange squares rest on reconstructed counts; dotted arrows are bounds from a "
              "censored p-value, not estimates; triangles show a reported direction only. Rows are grouped by "
              "outcome domain and ordered by basis, then year.",
        "id": "Efek tiap studi dan luaran pada metriknya sendiri, dengan interval kepercayaan 95%. Luas kotak "
              "mengikuti besar sampel (bobot efek acak pada panel gabungan); kotak jingga berasal dari jumlah rekonstruksi; panah bertitik adalah batas dari "
              "p tersensor, bukan taksiran; segitiga hanya menunjukkan arah yang dilaporkan. Baris dikelompokkan "
              "menurut domain luaran dan diurutkan menurut dasar perhitungan, lalu tahun.",
    },
    "forest.alt": {
        "en": "Forest-style chart of {rows} study outcomes in {panels} panels: {estimates} with an estimate and "
              "confidence interval, {bounds} with only a bound from a censored p-value, and {directions} with only "
              "a reported direction.",
        "id": "Diagram gaya forest atas {rows} luaran studi dalam {panels} panel: {estimates} dengan taksiran dan "
              "interval kepercayaan, {bounds} hanya dengan batas dari p tersensor, dan {directions} hanya dengan arah "
              "yang dilaporkan.",
    },
    "design.controlled": {"en": "controlled design", "id": "desain dengan kontrol"},
    "design.uncontrolled": {"en": "one group, before/after", "id": "satu kelompok, sebelum/sesudah"},
    "design.unknown": {"en": "design not reported", "id": "desain tidak dilaporkan"},
    "direction.domains_axis": {"en": "Outcome domain", "id": "Domain luaran"},
    "direction.sign_test": {"en": "k = {k}; sign test p = {p}<br>(smallest attainable {floor})",
                            "id": "k = {k}; uji tanda p = {p}<br>(terkecil yang mungkin {floor})"},
    "direction.title": {"en": "Effect direction plot", "id": "Diagram arah efek"},
    "direction.caption": {
        "en": "Direction of effect per study and outcome domain (upward: favours the intervention). Arrow size "
              "follows sample size (< 50, 50-300, > 300); colour marks the design. The vote count uses directions, "
              "never significance.",
        "id": "Arah efek per studi dan domain luaran (ke atas: mendukung intervensi). Ukuran panah mengikuti besar "
              "sampel (< 50, 50-300, > 300); warna menandai desain. Penghitungan suara memakai arah efek, bukan "
              "kemaknaan statistik.",
    },
    "direction.alt": {"en": "Effect direction plot of {studies} studies.",
                      "id": "Diagram arah efek atas {studies} studi."},
    "direction.alt_domain": {
        "en": "{domain}: k = {k}; favouring the intervention: {up}, the control: {down}; sign test p = {p}, "
              "the smallest attainable being {floor}.",
        "id": "{domain}: k = {k}; mendukung intervensi: {up}, kontrol: {down}; uji tanda p = {p}, dengan nilai "
              "terkecil yang mungkin {floor}.",
    },
    "albatross.contour_d": {"en": "two-group effect d", "id": "efek dua kelompok d"},
    "albatross.contour_d_z": {"en": "paired effect d_z", "id": "efek berpasangan d_z"},
    "albatross.groups": {"en": "two-group study", "id": "studi dua kelompok"},
    "albatross.paired": {"en": "one-group before/after study", "id": "studi satu kelompok sebelum/sesudah"},
    "albatross.bound": {"en": "< ", "id": "< "},
    "albatross.x_axis": {"en": "Two-sided p-value", "id": "Nilai p dua sisi"},
    "albatross.y_axis": {"en": "Sample size (log scale)", "id": "Besar sampel (skala log)"},
    "albatross.left": {"en": "\u2190 favours control", "id": "\u2190 mendukung kontrol"},
    "albatross.right": {"en": "favours intervention \u2192", "id": "mendukung intervensi \u2192"},
    "albatross.title": {"en": "Albatross plot", "id": "Diagram albatros"},
    "albatross.caption": {
        "en": "Two-sided p-value by direction of effect against sample size. Contours mark standardised effects "
              "of 0.25, 0.5 and 1 for two-group designs (d, dashed) and paired designs (d_z, dotted). The p is the "
              "recomputed one where the audit could recompute it, else the printed one, else the z-test of the "
              "study's effect estimate; an arrow marks a p known only as a bound.",
        "id": "Nilai p dua sisi menurut arah efek terhadap besar sampel. Kontur menandai efek terstandar 0,25, 0,5, "
              "dan 1 untuk desain dua kelompok (d, putus-putus) dan desain berpasangan (d_z, titik-titik). Nilai p "
              "adalah hasil hitung ulang bila audit dapat menghitungnya, selain itu p tercetak, atau uji z dari "
              "taksiran efek studi; panah menandai p yang hanya diketahui sebagai batas.",
    },
    "albatross.alt": {
        "en": "Albatross plot of {points} study outcomes, {paired} of them from one-group before/after designs; "
              "{bounds} p-values are known only as bounds.",
        "id": "Diagram albatros atas {points} luaran studi, {paired} di antaranya dari desain satu kelompok "
              "sebelum/sesudah; {bounds} nilai p hanya diketahui sebagai batas.",
    },
    # --- book tables
    "table.study": {"en": "Study", "id": "Studi"},
    "table.design": {"en": "Design", "id": "Desain"},
    "table.n": {"en": "n", "id": "n"},
    "table.outcome": {"en": "Outcome", "id": "Luaran"},
    "table.test": {"en": "Test (as reported)", "id": "Uji (seperti dilaporkan)"},
    "table.p_printed": {"en": "p (as printed)", "id": "p (seperti tercetak)"},
    "table.test_recomputed": {"en": "Test recomputed", "id": "Uji yang dihitung ulang"},
    "table.p_recomputed": {"en": "p recomputed", "id": "p hasil hitung ulang"},
    "table.verdict": {"en": "Verdict", "id": "Penilaian"},
    "table.reason": {"en": "Reason and assumption", "id": "Alasan dan asumsi"},
    "table.not_named": {"en": "not named", "id": "tidak disebut"},
    "table.not_reported": {"en": "not reported", "id": "tidak dilaporkan"},
    "design_name.one_group_pre_post": {"en": "one group, before/after", "id": "satu kelompok, sebelum/sesudah"},
    "design_name.two_group_pre_post": {"en": "two groups, before/after", "id": "dua kelompok, sebelum/sesudah"},
    "design_name.two_group_post_only": {"en": "two groups, after only", "id": "dua kelompok, hanya sesudah"},
    "design_name.randomised_two_group": {"en": "randomised, two groups", "id": "acak, dua kelompok"},
}


def text(key: str, lang: str, **fields) -> str:
    """The message ``key`` in ``lang``, with ``fields`` filled in."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {LANGUAGES}")
    return MESSAGES[key][lang].format(**fields)


def render(notes, lang: str) -> str:
    """Sentences in ``lang`` from language-free notes, as the statistics return them.

    ``notes`` is a list of ``[message key, fields]`` pairs, or that list as JSON text (a
    result file's ``reason`` or ``assumption`` cell). A field is turned into words by its
    form: a message key (``test.*``, ``kind.*``, ``assume.*``, ``why.*``) becomes its
    words, ``{"number": x, "decimals": d}`` a number with a decimal comma in Indonesian,
    a float ``p`` a p statement, ``missing`` a list of keys joined by "and",
    ``variants`` a list of ``[test key, p]`` and ``splits`` a list of group sizes that
    may end in a note of its own. A study's own words stay as written, even when they
    look like a key. Each sentence starts with a capital letter.

    >>> render([["audit.consistent", {"test": "test.fisher", "p": 0.0156, "printed": "= 0,016"}]], "id")
    'Uji eksak Fisher menghasilkan p = 0,0156, sesuai dengan p tercetak = 0,016.'
    >>> render('[["assume.test", {"test": "test.paired_t", "kind": "kind.of magic"}]]', "en")
    'The test is not named; the paired t-test is assumed for kind.of magic data.'
    """
    return " ".join(_capitalised(_sentence(key, fields, lang)) for key, fields in read_notes(notes))


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _sentence(key: str, fields: dict, lang: str) -> str:
    return text(key, lang, **{name: _field(name, value, lang) for name, value in fields.items()})


_KEYED = ("test", "kind", "assume", "why")  # message families a field may name


def _field(name: str, value, lang: str):
    if isinstance(value, dict):
        return number(value["number"], lang, value["decimals"])
    if name == "p" and isinstance(value, float):
        return p_statement(value, lang)
    if name == "missing" and isinstance(value, list):
        return f" {text('word.and', lang)} ".join(text(key, lang) for key in value)
    if name == "variants" and isinstance(value, list):
        return "; ".join(f"{text(test, lang)}, {p_statement(p, lang)}" for test, p in value if not math.isnan(p))
    if name == "splits" and isinstance(value, list):
        return ", ".join(item if isinstance(item, str) else _sentence(*item, lang) for item in value)
    if name == "pct" and isinstance(value, str):
        return value.replace("%", "")
    if isinstance(value, str) and value.split(".")[0] in _KEYED and value in MESSAGES:
        return text(value, lang)
    return value


def number(value: float, lang: str, decimals: int = 2) -> str:
    """A number with ``decimals`` decimals, a decimal comma in Indonesian.

    >>> number(0.016, "id", 3), number(0.016, "en", 3)
    ('0,016', '0.016')
    """
    formatted = f"{value:.{decimals}f}"
    return formatted.replace(".", ",") if lang == "id" else formatted


def interval(low: float, high: float, lang: str, decimals: int = 2) -> str:
    """A confidence or prediction interval in words, never with a comma between bounds,
    which an Indonesian reader would take for a decimal comma; a missing bound is ``?``.

    >>> interval(1.8312, 8.7409, "id"), interval(-0.5, 1.25, "en")
    ('1,83 sampai 8,74', '-0.50 to 1.25')
    """
    low, high = ("?" if v is None or math.isnan(v) else number(v, lang, decimals) for v in (low, high))
    return text("value.interval", lang, low=low, high=high)


def estimate_with_interval(estimate: float, low: float, high: float, lang: str, decimals: int = 2) -> str:
    """``4,00 (1,83 sampai 8,74)``: an estimate followed by its interval.

    >>> estimate_with_interval(4.0, 1.83, 8.74, "en")
    '4.00 (1.83 to 8.74)'
    """
    return f"{number(estimate, lang, decimals)} ({interval(low, high, lang, decimals)})"


def p_statement(p: float, lang: str) -> str:
    """``p = 0.0156`` or ``p < 0.0001``, for a sentence.

    >>> p_statement(0.015625, "id"), p_statement(9.5e-7, "en")
    ('p = 0,0156', 'p < 0.0001')
    """
    shown = p_value(p, lang)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"


def p_value(p: float, lang: str) -> str:
    """A recomputed p for prose: three significant digits, or a bound below 0.0001.

    >>> p_value(0.015625, "en"), p_value(0.0703125, "id"), p_value(9.5e-7, "en")
    ('0.0156', '0,0703', '< 0.0001')
    """
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "?"
    if p < 0.0001:
        return "< " + number(0.0001, lang, 4)
    decimals = max(0, 2 - math.floor(math.log10(p))) if p > 0 else 4
    return number(p, lang, min(decimals, 4))
