/* Self-check questions, case stages and the practice pages' scores and review schedule. No
 * third-party code, nothing sent anywhere.
 *
 * Without this file every question still reads as a question with its answer in a closed
 * "Answer and explanations" box, and a case's later stages wait in closed boxes the reader opens.
 * With it: the Check button appears; checking marks each chosen option in words ("Right", "Wrong",
 * "Right answer, not chosen"), not by colour alone; the result is announced (the result paragraph
 * is a live region); the explanations open; and in a case, the next stage opens once every
 * question of the stage before has been checked.
 *
 * On a practice topic's page the first answer to each question counts towards the topic's score, and
 * every answer feeds a Leitner schedule: five boxes, a right answer moves the question up a box
 * (due again after 1, 2, 4, 8 or 16 days), a wrong one sends it back to the first. "Due questions
 * first" moves the topic's questions that are due above the others; the practice index shows each
 * topic's score and how many of its questions are due. Both live in this browser's
 * localStorage only; a stored value that cannot be read (damaged, edited, from another version)
 * is dropped and written back clean, so it never stops an answer from being checked or counted.
 *
 * Material's instant navigation swaps pages without reloading this script, so the per-page set-up
 * runs on each page through Material's document$ observable (or on DOMContentLoaded when the
 * theme does not provide it, as in the offline copy); the handlers are delegated from the document
 * once, so they work on every page that arrives later.
 */
(function () {
  "use strict";
  if (window.scQuizReady) {
    return;
  }
  window.scQuizReady = true;

  var SCORES = "sciatica-practice-v1";  /* {topic: {question id: 1 right at the first try, or 0}} */
  var SCHEDULE = "sciatica-review-v1";  /* {question id: [box 1-5, day due, day last answered]} */
  var MODE = "sciatica-review-mode";    /* "on" when the due questions come first */
  var INTERVALS = [0, 1, 2, 4, 8, 16];  /* days until a question in box n is due again */
  var ID = /^[a-z0-9][a-z0-9-]*$/;
  var WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight"];

  /* --- storage: whatever cannot be read is dropped, never trusted ------------------------------ */

  function load(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null;  /* storage switched off */
    }
  }

  function save(key, text) {
    try {
      if (text === null) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, text);
      }
    } catch (error) {
      /* storage full or switched off: nothing is kept */
    }
  }

  /* The stored object under `key`, keeping only the entries `keep` accepts (it returns the clean
   * value or undefined); when anything was dropped, the clean object is written back. */
  function readStore(key, keep) {
    var raw = load(key), parsed = null, clean = {};
    try {
      parsed = JSON.parse(raw || "{}");
    } catch (error) {
      parsed = null;
    }
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      Object.keys(parsed).forEach(function (name) {
        var value = ID.test(name) ? keep(parsed[name]) : undefined;
        if (value !== undefined) {
          clean[name] = value;
        }
      });
    }
    var text = JSON.stringify(clean);
    if (raw !== null && raw !== text) {
      save(key, text);
    }
    return clean;
  }

  function keepTopic(value) {
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      return undefined;
    }
    var clean = {};
    Object.keys(value).forEach(function (id) {
      if (ID.test(id) && (value[id] === 0 || value[id] === 1)) {
        clean[id] = value[id];
      }
    });
    return clean;
  }

  function keepCard(value) {
    return Array.isArray(value) && value.length === 3 && value[0] >= 1 && value[0] <= 5 &&
      value.every(function (n) { return n === Math.floor(n) && n >= 0 && n < 1e6; }) ? value : undefined;
  }

  /* Days since 1970 in the reader's own time zone, so "today" changes at their midnight. */
  function today() {
    var now = new Date();
    return Math.floor((now.getTime() - now.getTimezoneOffset() * 60000) / 86400000);
  }

  /* --- words ---------------------------------------------------------------------------------- */

  function number(n) {
    return WORDS[n] || String(n);
  }

  function plural(n, one, many) {
    return number(n) + " " + (n === 1 ? one : many);
  }

  function list(items) {
    return items.length < 2 ? items.join("") : items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }

  /* The result in words, right for every count: `right` and `wrong` are the right and wrong
   * options chosen, `letters` the letters of every right option. */
  function verdict(single, right, wrong, letters) {
    var total = letters.length;
    var answers = total === 1 ? "the right answer is " : "the right answers are ";
    if (single) {
      return right ? "Right." : "Not this time: " + answers + list(letters) + ".";
    }
    var all = total === 1 ? "the only right answer" : total === 2 ? "both right answers"
      : "all " + number(total) + " right answers";
    if (right === total) {
      return wrong ? "Partly right: you chose " + all + " (" + list(letters) + "), but also " +
        plural(wrong, "wrong one", "wrong ones") + "." : "Right: you chose " + all + ".";
    }
    if (right === 0) {
      return "Not this time: " + answers + list(letters) + ".";
    }
    return "Partly right: you chose " + number(right) + " of the " + number(total) + " right answers (" +
      list(letters) + ")" + (wrong ? ", and " + plural(wrong, "wrong one", "wrong ones") : "") + ".";
  }
  window.scQuiz = {verdict: verdict};

  /* --- checking an answer ---------------------------------------------------------------------- */

  function clearMarks(form) {
    form.querySelectorAll(".sc-quiz-option").forEach(function (label) {
      label.classList.remove("sc-quiz-chosen-right", "sc-quiz-chosen-wrong", "sc-quiz-missed");
      label.querySelector(".sc-quiz-mark").textContent = "";
    });
  }

  /* Score one form: mark the options, announce the result, open the explanations. Returns true
   * when the answer is wholly right, false when not, null when nothing was chosen. */
  function check(form) {
    var verdicts = form.querySelectorAll(".sc-quiz-explanations > li");
    var result = form.querySelector(".sc-quiz-result");
    var single = form.getAttribute("data-kind") === "single";
    var chosen = 0, right = 0, wrong = 0, letters = [], missed = [];
    clearMarks(form);
    form.querySelectorAll("input.sc-quiz-input").forEach(function (input, index) {
      var correct = verdicts[index] && verdicts[index].getAttribute("data-correct") === "true";
      var label = input.closest(".sc-quiz-option");
      if (correct) {
        letters.push(input.value);
      }
      if (input.checked) {
        chosen += 1;
        right += correct ? 1 : 0;
        wrong += correct ? 0 : 1;
        label.classList.add(correct ? "sc-quiz-chosen-right" : "sc-quiz-chosen-wrong");
        label.querySelector(".sc-quiz-mark").textContent = correct ? "\u2713 Right" : "\u2717 Wrong";
      } else if (correct) {
        missed.push(label);
      }
    });
    if (chosen === 0) {
      clearMarks(form);
      result.textContent = single ? "Choose an answer first." : "Choose at least one answer first.";
      return null;
    }
    missed.forEach(function (label) {
      label.classList.add("sc-quiz-missed");
      label.querySelector(".sc-quiz-mark").textContent = "Right answer, not chosen";
    });
    var wholly = right === letters.length && wrong === 0;
    result.textContent = verdict(single, right, wrong, letters) + " The explanations are open below.";
    form.setAttribute("data-result", wholly ? "right" : "wrong");
    var details = form.querySelector("details.sc-quiz-answer");
    if (details) {
      details.open = true;
    }
    return wholly;
  }

  /* A case: once every question of a stage has been checked, the next stage opens. Returns the
   * words to add to the result, or "". */
  function advance(form) {
    var stage = form.closest(".sc-case-stage");
    if (!stage) {
      return "";
    }
    form.setAttribute("data-answered", "");
    var next = stage.nextElementSibling;
    if (stage.querySelector("form.sc-quiz:not([data-answered])") || !next ||
        !next.matches("details.sc-case-later") || next.open) {
      return "";
    }
    next.open = true;
    return " The next stage is open below.";
  }

  /* --- the practice page: score and schedule ----------------------------------------------------- */

  function onPractice(form) {
    return form.closest(".sc-practice, .sc-spaced-queue") !== null && ID.test(form.getAttribute("data-topic") || "");
  }

  function showScore(box) {
    var topic = box.getAttribute("data-topic");
    var total = Number(box.getAttribute("data-total"));
    var scores = readStore(SCORES, keepTopic)[topic] || {};
    var answered = 0, right = 0;
    Object.keys(scores).forEach(function (id) {
      answered += 1;
      right += scores[id];
    });
    box.querySelector(".sc-practice-status").textContent = (answered === 0
      ? plural(total, "question", "questions") + ". No answers yet; your score is kept in this browser only."
      : "Score: " + right + " right at the first try, out of " + answered + " answered (" +
        total + " " + (total === 1 ? "question" : "questions") + "). Kept in this browser only.") + dueWords(box);
  }

  /* On the practice index, a topic's box names its questions: say how many are due today. */
  function dueWords(box) {
    var ids = (box.getAttribute("data-questions") || "").split(" ").filter(Boolean);
    var cards = readStore(SCHEDULE, keepCard), day = today();
    var due = ids.filter(function (id) { return cards[id] && cards[id][1] <= day; }).length;
    return due ? " Due for review today: " + plural(due, "question", "questions") + "." : "";
  }

  /* Leitner: the first answer of the day counts. Wrong: back to box 1, due tomorrow. Right when
   * due (or new): up a box, due after its interval. Right before it is due: no change. */
  function review(id, wholly) {
    var cards = readStore(SCHEDULE, keepCard), day = today(), card = cards[id], box, due;
    if (card && card[2] === day) {
      return;
    }
    if (!wholly) {
      box = 1;
      due = day + 1;
    } else if (card && card[1] > day) {
      box = card[0];
      due = card[1];
    } else {
      box = Math.min((card ? card[0] : 1) + 1, 5);
      due = day + INTERVALS[box];
    }
    cards[id] = [box, due, day];
    save(SCHEDULE, JSON.stringify(cards));
  }

  function record(form, wholly) {
    var topic = form.getAttribute("data-topic");
    var scores = readStore(SCORES, keepTopic);
    scores[topic] = scores[topic] || {};
    if (!(form.id in scores[topic])) {
      scores[topic][form.id] = wholly ? 1 : 0;  /* the first answer counts */
      save(SCORES, JSON.stringify(scores));
    }
    review(form.id, wholly);
    var box = document.querySelector(".sc-practice-score[data-topic='" + topic + "']");
    if (box) {
      showScore(box);
    }
    var panel = document.querySelector(".sc-spaced");
    if (panel) {
      describe(panel);
    }
  }

  function practiceForms() {
    return Array.prototype.slice.call(document.querySelectorAll(".sc-practice form.sc-quiz, .sc-spaced-queue form.sc-quiz"));
  }

  /* The questions due today, most overdue first, then the lower box first. */
  function dueForms(panel) {
    var cards = readStore(SCHEDULE, keepCard), day = today();
    return panel.scForms.filter(function (form) {
      return cards[form.id] && cards[form.id][1] <= day;
    }).sort(function (a, b) {
      return cards[a.id][1] - cards[b.id][1] || cards[a.id][0] - cards[b.id][0];
    });
  }

  function describe(panel) {
    var cards = readStore(SCHEDULE, keepCard), day = today(), due = 0, next = 0, words;
    panel.scForms.forEach(function (form) {
      var card = cards[form.id];
      if (card && card[1] <= day) {
        due += 1;
      } else if (card && (!next || card[1] < next)) {
        next = card[1];
      }
    });
    var on = panel.querySelector(".sc-spaced-on").checked;
    if (due) {
      words = "Due today: " + plural(due, "question", "questions") + ". " + (on
        ? (due === 1 ? "It comes" : "They come") + " first, below."
        : "Tick the box to put " + (due === 1 ? "it" : "them") + " first.");
    } else if (next) {
      words = "Nothing is due today. The next question is due " +
        (next - day === 1 ? "tomorrow." : "in " + plural(next - day, "day", "days") + ".");
    } else {
      words = panel.scNothingDue;  /* the page's own words (sciatica/render/quiz.py) */
    }
    panel.querySelector(".sc-spaced-status").textContent = words;
  }

  /* Every question back in its topic, in its place; then, in spaced mode, the due ones first. */
  function arrange(panel) {
    var queue = panel.querySelector(".sc-spaced-queue");
    var on = load(MODE) === "on";
    panel.querySelector(".sc-spaced-on").checked = on;
    panel.scForms.forEach(function (form) {
      var home = document.querySelector(".sc-practice[data-topic='" + form.getAttribute("data-topic") + "']");
      if (home) {
        home.appendChild(form);
      }
    });
    if (on) {
      dueForms(panel).forEach(function (form) {
        queue.appendChild(form);
      });
    }
    describe(panel);
  }

  /* --- events --------------------------------------------------------------------------------- */

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("sc-quiz")) {
      return;
    }
    event.preventDefault();
    var wholly = check(form);
    if (wholly === null) {
      return;
    }
    if (onPractice(form)) {
      record(form, wholly);
    }
    var more = advance(form);
    if (more) {
      form.querySelector(".sc-quiz-result").textContent += more;
    }
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains("sc-spaced-on")) {
      save(MODE, target.checked ? "on" : null);
      arrange(target.closest(".sc-spaced"));
      return;
    }
    var form = target.closest && target.closest("form.sc-quiz");
    if (form && form.hasAttribute("data-result")) {
      form.removeAttribute("data-result");
      clearMarks(form);
      form.querySelector(".sc-quiz-result").textContent = "";
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".sc-practice-reset, .sc-spaced-reset");
    if (!button) {
      return;
    }
    if (button.classList.contains("sc-spaced-reset")) {
      save(SCHEDULE, null);
      arrange(button.closest(".sc-spaced"));
      return;
    }
    var box = button.closest(".sc-practice-score");
    var scores = readStore(SCORES, keepTopic);
    delete scores[box.getAttribute("data-topic")];
    save(SCORES, JSON.stringify(scores));
    showScore(box);
  });

  function setUp() {
    document.querySelectorAll("form.sc-quiz .sc-quiz-check").forEach(function (button) {
      button.hidden = false;
    });
    document.querySelectorAll(".sc-practice-score").forEach(function (box) {
      box.hidden = false;
      showScore(box);
    });
    var panel = document.querySelector(".sc-spaced");
    if (panel) {
      panel.scForms = practiceForms();
      panel.scNothingDue = panel.scNothingDue || panel.querySelector(".sc-spaced-status").textContent;
      panel.hidden = false;
      arrange(panel);
    }
  }

  if (typeof window.document$ !== "undefined" && window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
