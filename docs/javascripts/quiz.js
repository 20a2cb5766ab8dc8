/* Self-check questions and the practice page's score. No third-party code, nothing sent anywhere.
 *
 * Without this file every question still reads as a question with its answer in a closed
 * "Answer and explanations" box. With it: the Check button appears; checking marks each chosen
 * option in words ("Right", "Wrong", "Right answer, not chosen"), not by colour alone; the result
 * is announced (the result paragraph is a live region); and the explanations open. On the
 * practice page the first answer to each question counts towards a score per topic, kept in this
 * browser's localStorage only, with a button to reset it.
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

  var STORE = "sciatica-practice-v1";

  function readScores() {
    try {
      var value = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      return value && typeof value === "object" ? value : {};
    } catch (error) {
      return {};
    }
  }

  function writeScores(scores) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(scores));
    } catch (error) {
      /* storage full or switched off: the score simply is not kept */
    }
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function letterOf(input) {
    return input.value;
  }

  function clearMarks(form) {
    form.querySelectorAll(".sc-quiz-option").forEach(function (label) {
      label.classList.remove("sc-quiz-chosen-right", "sc-quiz-chosen-wrong", "sc-quiz-missed");
      label.querySelector(".sc-quiz-mark").textContent = "";
    });
  }

  /* Score one form: mark the options, announce the result, open the explanations. Returns true
   * when the answer is wholly right, false when not, null when nothing was chosen. */
  function check(form) {
    var inputs = form.querySelectorAll("input.sc-quiz-input");
    var verdicts = form.querySelectorAll(".sc-quiz-explanations > li");
    var result = form.querySelector(".sc-quiz-result");
    var single = form.getAttribute("data-kind") === "single";
    var chosen = 0, rightChosen = 0, wrongChosen = 0, rightTotal = 0, rightLetters = [];
    clearMarks(form);
    inputs.forEach(function (input, index) {
      var correct = verdicts[index] && verdicts[index].getAttribute("data-correct") === "true";
      var label = input.closest(".sc-quiz-option");
      var mark = label.querySelector(".sc-quiz-mark");
      if (correct) {
        rightTotal += 1;
        rightLetters.push(letterOf(input));
      }
      if (input.checked) {
        chosen += 1;
        if (correct) {
          rightChosen += 1;
          label.classList.add("sc-quiz-chosen-right");
          mark.textContent = "\u2713 Right";
        } else {
          wrongChosen += 1;
          label.classList.add("sc-quiz-chosen-wrong");
          mark.textContent = "\u2717 Wrong";
        }
      }
    });
    if (chosen === 0) {
      result.textContent = single ? "Choose an answer first." : "Choose at least one answer first.";
      return null;
    }
    inputs.forEach(function (input, index) {
      var correct = verdicts[index] && verdicts[index].getAttribute("data-correct") === "true";
      if (correct && !input.checked) {
        var label = input.closest(".sc-quiz-option");
        label.classList.add("sc-quiz-missed");
        label.querySelector(".sc-quiz-mark").textContent = "Right answer, not chosen";
      }
    });
    var wholly = rightChosen === rightTotal && wrongChosen === 0;
    var message;
    if (single) {
      message = wholly ? "Right." : "Not this time: the right answer is " + rightLetters.join(", ") + ".";
    } else if (wholly) {
      message = "Right: you chose all " + plural(rightTotal, "right answer", "right answers") + ".";
    } else {
      message = (rightChosen ? "Partly right" : "Not this time") + ": you chose " + rightChosen + " of the " +
        plural(rightTotal, "right answer", "right answers") + " (" + rightLetters.join(", ") + ")" +
        (wrongChosen ? " and " + plural(wrongChosen, "wrong one", "wrong ones") : "") + ".";
    }
    result.textContent = message + " The explanations are open below.";
    form.setAttribute("data-result", wholly ? "right" : "wrong");
    var details = form.querySelector("details.sc-quiz-answer");
    if (details) {
      details.open = true;
    }
    return wholly;
  }

  function practiceOf(form) {
    return form.closest(".sc-practice");
  }

  function showScore(box) {
    var topic = box.getAttribute("data-topic");
    var total = Number(box.getAttribute("data-total"));
    var scores = readScores()[topic] || {};
    var answered = 0, right = 0;
    Object.keys(scores).forEach(function (id) {
      answered += 1;
      right += scores[id] ? 1 : 0;
    });
    box.querySelector(".sc-practice-status").textContent = answered === 0
      ? plural(total, "question", "questions") + ". No answers yet; your score is kept in this browser only."
      : "Score: " + right + " right at the first try, out of " + answered + " answered (" +
        plural(total, "question", "questions") + "). Kept in this browser only.";
  }

  function record(form, wholly) {
    var practice = practiceOf(form);
    if (!practice) {
      return;  /* a self-check on a study page: nothing is stored */
    }
    var topic = practice.getAttribute("data-topic");
    var scores = readScores();
    scores[topic] = scores[topic] || {};
    if (!(form.id in scores[topic])) {
      scores[topic][form.id] = wholly ? 1 : 0;  /* the first answer counts */
      writeScores(scores);
    }
    var box = practice.querySelector(".sc-practice-score");
    if (box) {
      showScore(box);
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("sc-quiz")) {
      return;
    }
    event.preventDefault();
    var wholly = check(form);
    if (wholly !== null) {
      record(form, wholly);
    }
  });

  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form.sc-quiz");
    if (form && form.hasAttribute("data-result")) {
      form.removeAttribute("data-result");
      clearMarks(form);
      form.querySelector(".sc-quiz-result").textContent = "";
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".sc-practice-reset");
    if (!button) {
      return;
    }
    var box = button.closest(".sc-practice-score");
    var scores = readScores();
    delete scores[box.getAttribute("data-topic")];
    writeScores(scores);
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
  }

  if (typeof window.document$ !== "undefined" && window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
