# Writes tests/data/metadat/NAME-studies.csv and NAME-references.bib: seven meta-analyses of R's
# metadat package in the extraction table contract (data/README.md), group 1 the intervention.
# Run from the repository root: Rscript tests/data/metadat/convert.R
# (R 4.2.2, metadat 1.2-0, from Debian's r-cran-metadat.) Only what a dataset gives is written:
# test_reported, p_reported and direction_reported stay empty, and each BibTeX entry names in
# x-unverified what its dataset does not give.
suppressMessages(library(metadat))
out <- "tests/data/metadat"

# A number as the dataset prints it: 15 significant digits, never 1e+05
num <- function(x) trimws(formatC(x, digits = 15, format = "fg"))
# A CSV cell, quoted only where it holds a comma, a quote or a line break
cell <- function(x) ifelse(grepl('[,"\n]', x), paste0('"', gsub('"', '""', x), '"'), x)

# An ASCII BibTeX key from a name and year ("Ferrera-Love" 1996: ferreralove1996; "ISIS-4" 1995:
# isis4_1995); keys that would repeat get a, b, ...
bibkey <- function(name, year = "") {
  slug <- tolower(gsub("[^A-Za-z0-9]", "", name))
  key <- paste0(slug, ifelse(grepl("[0-9]$", slug) & year != "", "_", ""), year)
  twice <- key %in% key[duplicated(key)]
  key[twice] <- paste0(key[twice], ave(key[twice], key[twice], FUN = function(k) letters[seq_along(k)]))
  key
}

outcome <- function(id, label_id, label_en, domain = id, domain_label_id = label_id,
                    domain_label_en = label_en, higher_is_better = FALSE) {
  list(id = id, domain = domain, label_id = label_id, label_en = label_en,
       domain_label_id = domain_label_id, domain_label_en = domain_label_en, higher_is_better = higher_is_better)
}
# An outcome of one comparison (`versus`: Indonesian, English): its domain label reads inside a sentence
# ("Of the nine controlled studies of first bleeding (beta-blockers vs control), ..."), the comparison in
# parentheses, and its outcome label names the comparison too, so that two domains' rows differ in tables
compared <- function(id, label_id, label_en, versus, ...) {
  outcome(id, sprintf("%s, %s", label_id, versus[1]), sprintf("%s, %s", label_en, versus[2]),
          domain_label_id = sprintf("%s (%s)", label_id, versus[1]),
          domain_label_en = sprintf("%s (%s)", label_en, versus[2]), ...)
}

# Contract rows, one per study_id; `groups` holds n_1, events_1, n_2, events_2 (binary) or
# n_1, mean_1, sd_1, n_2, mean_2, sd_2 (continuous); `extra` any further columns; `n_total` the
# participants of the whole study, by default the two groups compared
rows <- function(study_id, outcome, design, groups, source, notes, extra = NULL, n_total = groups$n_1 + groups$n_2) {
  studies <- data.frame(
    study_id = study_id, outcome_id = outcome$id, outcome_domain = outcome$domain,
    outcome_label_id = outcome$label_id, outcome_label_en = outcome$label_en, design = design,
    outcome_type = if ("mean_1" %in% names(groups)) "continuous" else "binary",
    higher_is_better = tolower(outcome$higher_is_better), n_total = n_total,
    test_reported = "", p_reported = "", direction_reported = "", groups,
    domain_label_id = outcome$domain_label_id, domain_label_en = outcome$domain_label_en)
  if (!is.null(extra)) studies <- cbind(studies, extra)
  cbind(studies, source = source, notes = notes)
}

# A @misc entry per study: only the name (author, first author or trial name) and year the dataset gives
study_entries <- function(key, name, year, note, unverified) {
  sprintf("@misc{%s,\n  author       = {{%s}},\n  year         = {%s},\n  note         = {%s},\n  x-unverified = {%s}\n}\n",
          key, name, year, note, unverified)
}
# What a name-and-year entry lacks: a first author's other authors and given names, or a trial's authors
unverified_for <- function(name) {
  ifelse(name == toupper(name), "authors, title, journal, volume, pages, doi",
         "given names, other authors, title, journal, volume, pages, doi")
}
no_date <- "authors, year, title, journal, volume, pages, doi"
# What a BibTeX file says of entries whose dataset gives no author or year
undated <- function(name, gives, holds) {
  sprintf("dat.%s %s but gives no author or year: the author field holds %s, the year is n.d. (no date), and everything else is named in x-unverified.",
          name, gives, holds)
}

# Writes the pair, the BibTeX file headed by what it holds and what its entries lack, and reads the
# table back: every number must survive the round trip
write_review <- function(name, studies, what, lacks, entries) {
  about <- strwrap(sprintf("%s as metadat's dat.%s holds them (R package metadat %s), written by %s. %s", what, name,
                           packageDescription("metadat")$Version, "tests/data/metadat/convert.R", lacks), 100)
  path <- file.path(out, paste0(name, "-studies.csv"))
  text <- vapply(studies, function(col) if (is.numeric(col)) num(col) else cell(as.character(col)), character(nrow(studies)))
  writeLines(c(paste(names(studies), collapse = ","), apply(text, 1, paste, collapse = ",")), path)
  writeLines(c(paste("%", about), "", meta[[name]], entries), file.path(out, paste0(name, "-references.bib")))
  back <- read.csv(path, stringsAsFactors = FALSE)
  numbers <- names(studies)[vapply(studies, is.numeric, TRUE)]
  stopifnot(identical(back$study_id, studies$study_id),
            isTRUE(all.equal(as.list(back[numbers]), as.list(studies[numbers]), tolerance = 1e-14)))
}

# A BibTeX entry with the fields given, aligned
entry <- function(type, key, ...) {
  fields <- c(...)
  sprintf("@%s{%s,\n%s\n}\n", type, key,
          paste0("  ", formatC(names(fields), width = -max(nchar(names(fields)))), " = {", fields, "}", collapse = ",\n"))
}

# The meta-analyses, with only the fields their metadat help pages state
cochrane <- "Cochrane Database of Systematic Reviews"
meta <- list(
  egger2001 = entry("book", "egger2001", author = "Egger, M. and Davey Smith, G. and Altman, D. G.",
                    title = "Systematic reviews in health care: Meta-analysis in context", edition = "2",
                    publisher = "BMJ Books", address = "London", year = "2001",
                    note = "Editors (Eds.) of the book, as the dat.egger2001 help page names them; the data are its Table 18.2."),
  li2007 = entry("article", "li2007", author = "Li, J. and Zhang, Q. and Zhang, M. and Egger, M.",
                 title = "Intravenous magnesium for acute myocardial infarction", journal = cochrane, year = "2007",
                 volume = "2", pages = "CD002755", doi = "10.1002/14651858.CD002755.pub2"),
  lee2004 = entry("article", "lee2004", author = "Lee, A. and Done, M. L.",
                  title = "Stimulation of the wrist acupuncture point {P6} for preventing postoperative nausea and vomiting",
                  journal = cochrane, year = "2004", volume = "3", pages = "CD003281", doi = "10.1002/14651858.CD003281.pub2"),
  cannon2006 = entry("article", "cannon2006",
                     author = "Cannon, C. P. and Steinberg, B. A. and Murphy, S. A. and Mega, J. L. and Braunwald, E.",
                     title = "Meta-analysis of cardiovascular outcomes trials comparing intensive versus moderate statin therapy",
                     journal = "Journal of the American College of Cardiology", year = "2006", volume = "48", number = "3",
                     pages = "438--445", doi = "10.1016/j.jacc.2006.04.070"),
  pagliaro1992 = entry("article", "pagliaro1992",
                       author = paste(r"(Pagliaro, L. and D'Amico, G. and S{\"o}rensen, T. I. A. and Lebrec, D. and)",
                                      r"(Burroughs, A. K. and Morabito, A. and Tin{\'e}, F. and Politi, F. and Traina, M.)"),
                       title = "Prevention of first bleeding in cirrhosis: A meta-analysis of randomized trials of nonsurgical treatment",
                       journal = "Annals of Internal Medicine", year = "1992", volume = "117", number = "1", pages = "59--70",
                       doi = "10.7326/0003-4819-117-1-59"),
  gurusamy2011 = entry("article", "gurusamy2011",
                       author = "Gurusamy, K. S. and Pissanou, T. and Pikhart, H. and Vaughan, J. and Burroughs, A. K. and Davidson, B. R.",
                       title = "Methods to decrease blood loss and transfusion requirements for liver transplantation",
                       journal = cochrane, year = "2011", volume = "12", pages = "CD009052", doi = "10.1002/14651858.CD009052.pub2"),
  curtis1998 = c(
    entry("article", "curtis1998", author = "Curtis, P. S. and Wang, X.",
          title = "A meta-analysis of elevated {CO2} effects on woody plant mass, form, and physiology",
          journal = "Oecologia", year = "1998", volume = "113", number = "3", pages = "299--313", doi = "10.1007/s004420050381"),
    entry("article", "hedges1999", author = "Hedges, L. V. and Gurevitch, J. and Curtis, P. S.",
          title = "The meta-analysis of response ratios in experimental ecology", journal = "Ecology", year = "1999",
          volume = "80", number = "4", pages = "1150--1156", doi = "10.1890/0012-9658(1999)080[1150:TMAORR]2.0.CO;2",
          note = "Source of dat.curtis1998 (data from Ecological Archives E080-008-S1).")))

# Trials with study, year, ai/n1i (intervention) and ci/n2i (control): one row each
two_arm <- function(name, what, outcome, design, groups) {
  d <- get(paste0("dat.", name))
  key <- bibkey(d$study, d$year)
  studies <- rows(key, outcome, design, data.frame(n_1 = d$n1i, events_1 = d$ai, n_2 = d$n2i, events_2 = d$ci),
                  source = sprintf("metadat dat.%s, row %d (%s %d): ai=%s, n1i=%s, ci=%s, n2i=%s", name, seq_along(key),
                                   d$study, d$year, num(d$ai), num(d$n1i), num(d$ci), num(d$n2i)),
                  notes = sprintf("Group 1 = %s; group 2 = %s. No p-value or reported direction in dat.%s.",
                                  groups[1], groups[2], name))
  write_review(name, studies, what,
               sprintf("Trial entries keep only the first author (or trial name) and year that dat.%s gives; everything else is named in x-unverified.", name),
               study_entries(key, d$study, d$year, sprintf("Trial of the %s meta-analysis, as listed in dat.%s.", name, name),
                             unverified_for(d$study)))
}

death <- outcome("death", "Kematian", "Death", domain = "mortality",
                 domain_label_id = "Mortalitas setelah infark miokard akut",
                 domain_label_en = "Mortality after acute myocardial infarction")
two_arm("egger2001", "The intravenous magnesium trials of Egger, Davey Smith & Altman (2001, Table 18.2)", death,
        "randomised_two_group", c("intravenous magnesium", "control"))
two_arm("li2007", "The intravenous magnesium trials of Li et al. (2007)", death,
        "randomised_two_group", c("intravenous magnesium", "control"))
# dat.lee2004 calls them clinical trials, not randomised ones
two_arm("lee2004", "The acupoint P6 stimulation trials of Lee & Done (2004)",
        outcome("nausea", "Mual pascaoperasi", "Postoperative nausea"),
        "two_group_post_only", c("wrist acupoint P6 stimulation", "sham"))

# dat.cannon2006: one row per trial x end point, each end point its own domain; no years are given
endpoints <- list(
  ep1 = outcome("coronary_death_or_mi", "Kematian koroner atau infark miokard nonfatal",
                "Coronary death or non-fatal myocardial infarction"),
  ep2 = outcome("coronary_death_or_cv_event", "Kematian koroner atau kejadian kardiovaskular apa pun",
                "Coronary death or any cardiovascular event",
                domain_label_id = paste("Kematian koroner atau kejadian kardiovaskular apa pun (infark miokard, stroke,",
                                        "rawat inap karena angina tidak stabil, atau revaskularisasi)"),
                domain_label_en = paste("Coronary death or any cardiovascular event (myocardial infarction, stroke,",
                                        "hospitalisation for unstable angina, or revascularisation)")),
  ep3 = outcome("cardiovascular_death", "Kematian kardiovaskular", "Cardiovascular death"),
  ep4 = outcome("noncardiovascular_death", "Kematian nonkardiovaskular", "Non-cardiovascular death"),
  ep5 = outcome("all_cause_death", "Kematian karena semua sebab", "All-cause death"),
  ep6 = outcome("stroke", "Stroke", "Stroke"))
d <- dat.cannon2006
key <- bibkey(d$trial)
studies <- do.call(rbind, lapply(names(endpoints), function(ep) {
  high <- d[[paste0(ep, "t")]]
  standard <- d[[paste0(ep, "c")]]
  rows(key, endpoints[[ep]], "two_group_post_only", data.frame(n_1 = d$nt, events_1 = high, n_2 = d$nc, events_2 = standard),
       source = sprintf("metadat dat.cannon2006, row %d (%s): nt=%s, %st=%s, nc=%s, %sc=%s", seq_along(key), d$trial,
                        num(d$nt), ep, num(high), num(d$nc), ep, num(standard)),
       notes = "Group 1 = intensive (high dose) statin; group 2 = moderate (standard dose) statin. No p-value or reported direction in dat.cannon2006.",
       extra = data.frame(population = d$pop))
}))
write_review("cannon2006", studies[order(match(studies$study_id, key)), ],
             "The intensive versus moderate statin trials of Cannon et al. (2006)",
             undated("cannon2006", "names each trial", "the trial name"),
             study_entries(key, d$trial, "n.d.",
                           "Trial of the cannon2006 meta-analysis, as listed in dat.cannon2006 (trial name only; the year is not given).",
                           no_date))

# dat.pagliaro1992: each active arm against its trial's control arm, one domain per active treatment
d <- dat.pagliaro1992
bleeding <- function(id, versus) compared(id, "Perdarahan pertama", "First bleeding", versus)
arms <- list("beta-blockers" = bleeding("bleeding_beta_blockers", c("penyekat beta vs kontrol", "beta-blockers vs control")),
             sclerotherapy = bleeding("bleeding_sclerotherapy", c("skleroterapi vs kontrol", "sclerotherapy vs control")))
three_arm <- d$study[d$trt == "beta-blockers" & d$study %in% d$study[d$trt == "sclerotherapy"]]
# n_total is the whole trial (every arm), so that a three-arm trial's participants count once and in full
trial_n <- tapply(d$ni, d$study, sum)
studies <- do.call(rbind, lapply(names(arms), function(arm) {
  i <- which(d$trt == arm)
  j <- which(d$trt == "control")[match(d$study[i], d$study[d$trt == "control"])]
  n_all <- as.vector(trial_n[as.character(d$study[i])])
  rows(paste0("pagliaro_trial", d$study[i]), arms[[arm]], "randomised_two_group",
       data.frame(n_1 = d$ni[i], events_1 = d$xi[i], n_2 = d$ni[j], events_2 = d$xi[j]),
       source = sprintf("metadat dat.pagliaro1992, rows %d and %d (study %d): %s xi=%s, ni=%s; control xi=%s, ni=%s",
                        i, j, d$study[i], arm, num(d$xi[i]), num(d$ni[i]), num(d$xi[j]), num(d$ni[j])),
       notes = sprintf("Group 1 = %s; group 2 = control (non-active treatment).%s No p-value or reported direction in dat.pagliaro1992.",
                       arm, ifelse(d$study[i] %in% three_arm,
                                   sprintf(paste(" A three-arm trial: its control arm is also group 2 of its %s row, and n_total",
                                                 "(%s) counts all three arms (beta-blockers, sclerotherapy, control), not only the two compared here."),
                                           setdiff(names(arms), arm), num(n_all)), "")),
       extra = data.frame(trial = d$study[i]), n_total = n_all)
}))
studies <- studies[order(studies$trial), ]
key <- unique(studies$study_id)
write_review("pagliaro1992", studies,
             "The beta-blocker and sclerotherapy trials of Pagliaro et al. (1992)",
             undated("pagliaro1992", "numbers the trials", "the trial's number"),
             study_entries(key, sub("pagliaro_trial", "Trial ", key), "n.d.",
                           "Trial of the pagliaro1992 meta-analysis, as listed in dat.pagliaro1992 (trial number only).",
                           no_date))

# dat.gurusamy2011: one row per study, each active arm against Control/Placebo, the different agents
# pooled in one domain as the Cochrane review did; the two antifibrinolytic arms of Dalmau 2000 combined.
# Left out: the two trials without a control arm (Dalmau 2004, Ickx 2006: aprotinin against tranexamic
# acid), since the contract and the book take group 2 to be the control, and theirs is none
d <- dat.gurusamy2011
d <- d[d$study %in% d$study[d$treatment == "Control/Placebo"], ]
stopifnot(identical(setdiff(dat.gurusamy2011$study, d$study), c("Dalmau 2004", "Ickx 2006")))
death60 <- outcome("death_60d", "Kematian dalam 60 hari setelah transplantasi hati",
                   "Death within 60 days after liver transplantation", domain = "mortality_vs_control",
                   domain_label_id = "Kematian dalam 60 hari (terapi aktif vs kontrol atau plasebo)",
                   domain_label_en = "60-day mortality (active treatment vs control or placebo)")
study_names <- unique(d$study)
author <- sub(" [0-9]{4}$", "", study_names)
year <- sub(".* ", "", study_names)
key <- bibkey(author, year)
studies <- do.call(rbind, lapply(seq_along(study_names), function(s) {
  i <- which(d$study == study_names[s])
  control <- d$treatment[i] == "Control/Placebo"
  one <- i[!control]
  two <- i[control]
  rows(key[s], death60, "two_group_post_only",
       data.frame(n_1 = sum(d$n[one]), events_1 = sum(d$death[one]), n_2 = d$n[two], events_2 = d$death[two]),
       source = sprintf("metadat dat.gurusamy2011, rows %s (%s): %s", paste(unique(range(i)), collapse = "-"), study_names[s],
                        paste(sprintf("%s death=%d, n=%d", d$treatment[i], d$death[i], d$n[i]), collapse = "; ")),
       notes = paste0(sprintf("Group 1 = %s; group 2 = %s.", paste(d$treatment[one], collapse = " and "), d$treatment[two]),
                      if (length(one) > 1) " The two active arms are summed into group 1, so that the control arm counts once.",
                      " No p-value or reported direction in dat.gurusamy2011."),
       extra = data.frame(treatment_1 = paste(d$treatment[one], collapse = " + "), treatment_2 = d$treatment[two]))
}))
write_review("gurusamy2011", studies,
             "The liver transplantation trials of Gurusamy et al. (2011) with a control arm",
             "Dalmau 2004 and Ickx 2006 (aprotinin against tranexamic acid, no control arm) are left out. Study entries keep only the first author and year that dat.gurusamy2011 gives; everything else is named in x-unverified.",
             study_entries(key, author, year, "Study of the gurusamy2011 meta-analysis, as listed in dat.gurusamy2011.",
                           unverified_for(author)))

# dat.curtis1998: one row (and study_id) per observation, elevated CO2 as group 1, as metafor's own
# examples analyse it: the book's studies are the 102 observations (of 29 papers), its participants plants
d <- dat.curtis1998
key <- paste0("curtis_obs", d$id)
studies <- rows(key, outcome("biomass", "Biomassa total tanaman (g)", "Total plant biomass (g)", higher_is_better = TRUE,
                        domain_label_id = "Biomassa total tanaman (CO2 tinggi vs CO2 ambien)",
                        domain_label_en = "Total plant biomass (elevated vs ambient CO2)"),
                "two_group_post_only",
                data.frame(n_1 = d$n1i, mean_1 = d$m1i, sd_1 = d$sd1i, n_2 = d$n2i, mean_2 = d$m2i, sd_2 = d$sd2i),
                source = sprintf("metadat dat.curtis1998, row %d (id %d, paper %d, %s %s, xtrt %s, level %s): m1i=%s, sd1i=%s, n1i=%s, m2i=%s, sd2i=%s, n2i=%s",
                                 seq_along(key), d$id, d$paper, d$genus, d$species, d$xtrt, d$level,
                                 num(d$m1i), num(d$sd1i), num(d$n1i), num(d$m2i), num(d$sd2i), num(d$n2i)),
                notes = sprintf("Group 1 = elevated CO2 (%s %s); group 2 = ambient CO2 (%s %s). No p-value or reported direction in dat.curtis1998.",
                                num(d$co2.elev), d$units, num(d$co2.ambi), d$units),
                extra = data.frame(paper = d$paper, genus = d$genus, species = d$species, xtrt = d$xtrt, level = d$level))
write_review("curtis1998", studies,
             "The elevated CO2 observations of Curtis & Wang (1998)",
             undated("curtis1998", "numbers each observation and its paper", "the paper and observation numbers"),
             study_entries(key, sprintf("Paper %d, observation %d", d$paper, d$id), "n.d.",
                           "Observation of the curtis1998 meta-analysis, as listed in dat.curtis1998 (paper and observation number only).",
                           no_date))
