<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.survey.new ?><?cs include:"layout/header.cs" ?>
<?cs def:score_field(name, label) ?>
<div class="field<?cs if:Form.errors[name] ?> invalid<?cs /if ?>">
  <label for="f-<?cs var:name ?>"><?cs var:label ?></label>
  <select id="f-<?cs var:name ?>" name="<?cs var:name ?>" required<?cs if:Form.errors[name] ?> aria-invalid="true" aria-describedby="err-<?cs var:name ?>"<?cs /if ?>>
    <option value=""<?cs if:!Form.values[name] ?> selected<?cs /if ?>>—</option>
<?cs each:c = Choices.scores ?>    <option value="<?cs var:c ?>"<?cs if:Form.values[name] == c ?> selected<?cs /if ?>><?cs var:c ?></option>
<?cs /each ?>  </select>
  <?cs call:field_error(name) ?>
</div>
<?cs /def ?>
<h1><?cs var:Lang.survey.new ?></h1>
<form method="post" action="/customers/<?cs var:Form.customer_id ?>/surveys" class="form card" id="survey-form" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <div class="field"><label><?cs var:Lang.survey.customer ?></label>
    <p class="static"><a href="/customers/<?cs var:Form.customer_id ?>" id="form-customer"><?cs var:Form.customer_name ?></a></p></div>
  <?cs call:text_field("surveyed_on", Lang.survey.surveyed_on, "date", 1) ?>
  <fieldset id="survey-scores">
    <legend><?cs var:Lang.survey.scores ?></legend>
    <p class="hint"><?cs var:Lang.survey.score_hint ?></p>
    <?cs call:score_field("service_quality", Lang.survey.service_quality) ?>
    <?cs call:score_field("solution_effect", Lang.survey.solution_effect) ?>
    <?cs call:score_field("response_speed", Lang.survey.response_speed) ?>
    <?cs call:score_field("team_cooperation", Lang.survey.team_cooperation) ?>
  </fieldset>
  <div class="field<?cs if:Form.errors.overall ?> invalid<?cs /if ?>">
    <label for="f-overall"><?cs var:Lang.survey.overall ?></label>
    <select id="f-overall" name="overall" required>
      <option value=""<?cs if:!Form.values.overall ?> selected<?cs /if ?>>—</option>
<?cs each:c = Choices.overall ?>      <option value="<?cs var:c.value ?>"<?cs if:c.value == Form.values.overall ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>    </select>
    <?cs call:field_error("overall") ?>
  </div>
  <div class="field wide<?cs if:Form.errors.suggestions ?> invalid<?cs /if ?>">
    <label for="f-suggestions"><?cs var:Lang.survey.suggestions ?></label>
    <textarea id="f-suggestions" name="suggestions" rows="4"><?cs var:Form.values.suggestions ?></textarea>
    <?cs call:field_error("suggestions") ?>
  </div>
  <div class="actions">
    <button type="submit" class="primary" id="save"><?cs var:Lang.common.save ?></button>
    <a href="/customers/<?cs var:Form.customer_id ?>"><?cs var:Lang.common.cancel ?></a>
  </div>
</form>
<?cs include:"layout/footer.cs" ?>
