/* Search, improved when JavaScript runs: title autocomplete and filters applied on change.
   The page works fully without it; nothing here is needed to search, filter or paginate. */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 150;

  function autocompleteUrl(form) {
    if (form.dataset.autocomplete) {
      return form.dataset.autocomplete;
    }
    var action = form.getAttribute("action") || "";
    return action ? action.replace(/\/?$/, "/") + "autocomplete/" : null;
  }

  function enhanceSearchBox(form, index) {
    var input = form.querySelector('input[type="search"][name="q"]');
    var url = autocompleteUrl(form);
    if (!input || !url) {
      return;
    }
    var wrapper = input.parentNode;
    wrapper.classList.add("autocomplete");
    var list = document.createElement("ul");
    var listId = "autocomplete-" + index;
    list.id = listId;
    list.className = "autocomplete__list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrapper.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var timer = null;
    var active = -1;
    var items = [];
    var controller = null;

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
      items = [];
    }

    function highlight(position) {
      var options = list.querySelectorAll('[role="option"]');
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === position ? "true" : "false");
      }
      active = position;
      if (position >= 0 && options[position]) {
        input.setAttribute("aria-activedescendant", options[position].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(results) {
      list.textContent = "";
      items = results;
      if (!results.length) {
        close();
        return;
      }
      results.forEach(function (result, position) {
        var option = document.createElement("li");
        option.id = listId + "-" + position;
        option.className = "autocomplete__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = result.title;
        if (result.kind) {
          var kind = document.createElement("span");
          kind.className = "autocomplete__kind";
          kind.textContent = result.kind;
          option.appendChild(kind);
        }
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.assign(result.url);
        });
        list.appendChild(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) {
        close();
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      var options = { headers: { Accept: "application/json" }, credentials: "same-origin" };
      if (controller) {
        options.signal = controller.signal;
      }
      fetch(url + "?q=" + encodeURIComponent(text), options)
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value.trim() === text) {
            render(data.results || []);
          }
        })
        .catch(function () {
          /* Autocomplete is optional: on any failure the plain search box remains. */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, -1));
      } else if (event.key === "Enter" && active >= 0 && items[active]) {
        event.preventDefault();
        window.location.assign(items[active].url);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  }

  function enhanceFilters(form) {
    form.classList.add("filters--auto");
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.type === "checkbox" || target.tagName === "SELECT") {
        form.submit();
      }
    });
  }

  document.documentElement.classList.add("js-enhanced");
  var forms = document.querySelectorAll('form[role="search"]');
  for (var i = 0; i < forms.length; i++) {
    enhanceSearchBox(forms[i], i);
  }
  var filterForms = document.querySelectorAll("form[data-auto-submit]");
  for (var j = 0; j < filterForms.length; j++) {
    enhanceFilters(filterForms[j]);
  }
})();
