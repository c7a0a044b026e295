# Reference p-values for tests/test_audit_reference.py, from R's stats package.
# Run: Rscript tests/results/audit_references.R  (R 4.2.2; printed with 15 significant digits)
# The values are copied into results_audit.py with the call beside each.
options(digits = 15)
two_by_two <- function(a, n1, c, n2) matrix(c(a, c, n1 - a, n2 - c), nrow = 2)  # rows: groups
paired <- function(b, c) matrix(c(10, c, b, 10), nrow = 2)  # off-diagonal b (improved), c (worsened)
expand <- function(k, n) c(rep(1, k), rep(0, n - k))

cat("binom_7_0", binom.test(7, 7)$p.value, "\n")
cat("binom_12_2", binom.test(12, 14)$p.value, "\n")
cat("binom_24_3", binom.test(24, 27)$p.value, "\n")
cat("mcnemar_12_2_cc", mcnemar.test(paired(12, 2), correct = TRUE)$p.value, "\n")
cat("mcnemar_12_2", mcnemar.test(paired(12, 2), correct = FALSE)$p.value, "\n")
cat("mcnemar_30_12_cc", mcnemar.test(paired(30, 12), correct = TRUE)$p.value, "\n")
cat("mcnemar_30_12", mcnemar.test(paired(30, 12), correct = FALSE)$p.value, "\n")
for (t in list(c(21, 22, 5, 22), c(4, 123, 11, 139), c(3, 10, 9, 12), c(29, 7499, 45, 7277))) {
  m <- two_by_two(t[1], t[2], t[3], t[4])
  key <- paste(t, collapse = "_")
  cat("fisher", key, fisher.test(m)$p.value, "\n")
  cat("chisq", key, suppressWarnings(chisq.test(m, correct = FALSE)$p.value), "\n")
  cat("chisq_yates", key, suppressWarnings(chisq.test(m, correct = TRUE)$p.value), "\n")
  x <- expand(t[1], t[2]); y <- expand(t[3], t[4])
  cat("wilcox", key, wilcox.test(x, y, exact = FALSE, correct = FALSE)$p.value, "\n")
  cat("wilcox_cc", key, wilcox.test(x, y, exact = FALSE, correct = TRUE)$p.value, "\n")
}
d <- with(sleep, extra[group == 2] - extra[group == 1])
cat("sleep_diff", mean(d), sd(d), length(d), t.test(d)$p.value, "\n")
g1 <- sleep$extra[sleep$group == 1]; g2 <- sleep$extra[sleep$group == 2]
cat("sleep_groups", mean(g1), sd(g1), mean(g2), sd(g2), "\n")
cat("sleep_student", t.test(g1, g2, var.equal = TRUE)$p.value, "\n")
cat("sleep_welch", t.test(g1, g2)$p.value, "\n")
