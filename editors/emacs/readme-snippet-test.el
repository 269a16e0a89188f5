;;; readme-snippet-test.el --- the README's Eglot setup, checked in batch Emacs  -*- lexical-binding: t -*-
;; usage: NB=/abs/nianbao NB_FILE=/abs/copy-of-unbalanced.txt emacs --batch -Q -l readme-snippet-test.el
;; Checks: settings reach the server (NB201 disabled, NB101 shown as a warning) and
;; `source.fixAll.nianbao' over the whole buffer rewrites the total 13 -> 12.  Exit 0 = passed.
(require 'package)
(dolist (d '("/usr/share/emacs/site-lisp/elpa" "/usr/share/emacs/site-lisp/elpa-src"))
  (when (file-directory-p d) (add-to-list 'package-directory-list d t)))
(package-initialize)
(require 'eglot)
(prefer-coding-system 'utf-8)

;; --- the README snippet (server path from $NB instead of PATH)
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs `((text-mode markdown-mode html-mode) ,(getenv "NB") "lsp")))
(setq-default eglot-workspace-configuration
              '(:nianbao (:disabledChecks ["NB201"] :severityOverrides (:NB101 "warning"))))
;; ---

(defvar failures 0)
(defun check (name ok)
  (princ (format "  %s %s\n" (if ok "ok  " "FAIL") name))
  (unless ok (setq failures (1+ failures))))

(find-file (getenv "NB_FILE"))
(text-mode)
(apply #'eglot--connect (eglot--guess-contact))
(flymake-mode 1)
(let ((deadline (+ (float-time) 10)))
  (while (and (< (length (flymake-diagnostics)) 2) (< (float-time) deadline))
    (flymake-start) (accept-process-output nil 0.05)))
(accept-process-output nil 0.5) (flymake-start) (accept-process-output nil 0.3)
(let ((diags (mapcar (lambda (d) (cons (flymake-diagnostic-type d) (flymake-diagnostic-text d)))
                     (flymake-diagnostics))))
  (check "eglot-workspace-configuration: NB201 disabled"
         (not (cl-some (lambda (d) (string-match-p "NB201" (cdr d))) diags)))
  (check "eglot-workspace-configuration: NB101 is a warning"
         (cl-some (lambda (d) (and (eq (car d) 'eglot-warning) (string-match-p "NB101" (cdr d)))) diags))
  (check "NB102 is an error"
         (cl-some (lambda (d) (and (eq (car d) 'eglot-error) (string-match-p "NB102" (cdr d)))) diags)))
(eglot-code-actions (point-min) (point-max) "source.fixAll.nianbao" t)
(accept-process-output nil 0.3)
(check "source.fixAll.nianbao rewrote the total 13 -> 12"
       (save-excursion (goto-char (point-min)) (forward-line 40)
                       (string-match-p "| 1 | 12 | |\\'" (buffer-substring (line-beginning-position) (line-end-position)))))
(kill-emacs (if (= failures 0) 0 1))
