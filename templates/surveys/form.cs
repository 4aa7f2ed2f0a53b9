<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.survey.new ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.survey.new ?></h1>
<form method="post" action="/customers/<?cs var:Form.customer_id ?>/surveys" class="form card" id="survey-form" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <div class="field"><label><?cs var:Lang.survey.customer ?></label>
    <p class="static"><a href="/customers/<?cs var:Form.customer_id ?>" id="form-customer"><?cs var:Form.customer_name ?></a></p></div>
  <?cs call:text_field("surveyed_on", Lang.survey.surveyed_on, "date", 1) ?>
  <fieldset id="survey-scores">
    <legend><?cs var:Lang.survey.scores ?></legend>
    <p class="hint"><?cs var:Lang.survey.score_hint ?></p>
    <?cs call:choice_field("service_quality", Lang.survey.service_quality, Choices.scores, "—") ?>
    <?cs call:choice_field("solution_effect", Lang.survey.solution_effect, Choices.scores, "—") ?>
    <?cs call:choice_field("response_speed", Lang.survey.response_speed, Choices.scores, "—") ?>
    <?cs call:choice_field("team_cooperation", Lang.survey.team_cooperation, Choices.scores, "—") ?>
  </fieldset>
  <?cs call:choice_field("overall", Lang.survey.overall, Choices.overall, "—") ?>
  <?cs call:textarea_field("suggestions", Lang.survey.suggestions, 4) ?>
  <div class="actions">
    <button type="submit" class="primary" id="save"><?cs var:Lang.common.save ?></button>
    <a href="/customers/<?cs var:Form.customer_id ?>"><?cs var:Lang.common.cancel ?></a>
  </div>
</form>
<?cs include:"layout/footer.cs" ?>
