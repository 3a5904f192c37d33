"""The foundation's models, until now in `knowledge`, are created here in the project's state
only: their tables already exist (made by knowledge's migrations) and keep their names
(`db_table`), so no row moves. knowledge/migrations/0007 removes them from knowledge's state
and renames their content types, so pages, revisions, permissions and tags keep their ids."""

import core.models.pages
import core.validation
import django.db.models.deletion
import modelsearch.index
import taggit.managers
import wagtail.fields
import wagtail.images.models
import wagtail.models.media
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('knowledge', '0006_document_text_status'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only: the tables, columns and constraints stay as they are.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='GlossaryPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='introduction')),
                        ('intro_es', wagtail.fields.RichTextField(blank=True, null=True, verbose_name='introduction')),
                        ('intro_en', wagtail.fields.RichTextField(blank=True, null=True, verbose_name='introduction')),
                    ],
                    options={
                        'verbose_name': 'glossary page',
                        'db_table': 'knowledge_glossarypage',
                    },
                    bases=(core.models.pages.TranslatedPageMixin, 'wagtailcore.page'),
                ),
                migrations.CreateModel(
                    name='GlossaryTerm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('term', models.CharField(help_text='The acronym or short form as written in each language, e.g. VBG / GBV.', max_length=60, verbose_name='term')),
                        ('term_es', models.CharField(help_text='The acronym or short form as written in each language, e.g. VBG / GBV.', max_length=60, null=True, verbose_name='term')),
                        ('term_en', models.CharField(help_text='The acronym or short form as written in each language, e.g. VBG / GBV.', max_length=60, null=True, verbose_name='term')),
                        ('expansion', models.CharField(max_length=255, verbose_name='expansion')),
                        ('expansion_es', models.CharField(max_length=255, null=True, verbose_name='expansion')),
                        ('expansion_en', models.CharField(max_length=255, null=True, verbose_name='expansion')),
                        ('definition', models.TextField(blank=True, verbose_name='definition')),
                        ('definition_es', models.TextField(blank=True, null=True, verbose_name='definition')),
                        ('definition_en', models.TextField(blank=True, null=True, verbose_name='definition')),
                        ('synonyms', models.CharField(blank=True, help_text='Other ways people write this term, separated by commas. Search treats them as the same term.', max_length=500, verbose_name='other names')),
                        ('synonyms_es', models.CharField(blank=True, help_text='Other ways people write this term, separated by commas. Search treats them as the same term.', max_length=500, null=True, verbose_name='other names')),
                        ('synonyms_en', models.CharField(blank=True, help_text='Other ways people write this term, separated by commas. Search treats them as the same term.', max_length=500, null=True, verbose_name='other names')),
                        ('slug', models.SlugField(max_length=60, unique=True, verbose_name='anchor')),
                    ],
                    options={
                        'verbose_name': 'glossary term',
                        'verbose_name_plural': 'glossary terms',
                        'db_table': 'knowledge_glossaryterm',
                        'ordering': ['term'],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='HomePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', models.TextField(blank=True, verbose_name='introduction')),
                        ('intro_es', models.TextField(blank=True, null=True, verbose_name='introduction')),
                        ('intro_en', models.TextField(blank=True, null=True, verbose_name='introduction')),
                        ('body', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('figure', 5), ('document', 7), ('quote', 10)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'text'}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section'), ('h3', 'Subsection')], 'label': 'level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'paragraph', 'template': 'blocks/paragraph_block.html'}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'image'}), 5: ('wagtail.blocks.StructBlock', [[('image', 4)]], {}), 6: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'document'}), 7: ('wagtail.blocks.StructBlock', [[('document', 6)]], {}), 8: ('wagtail.blocks.TextBlock', (), {'label': 'quotation'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'source', 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('text', 8), ('source', 9)]], {})}, verbose_name='body')),
                        ('body_es', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('figure', 5), ('document', 7), ('quote', 10)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'text'}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section'), ('h3', 'Subsection')], 'label': 'level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'paragraph', 'template': 'blocks/paragraph_block.html'}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'image'}), 5: ('wagtail.blocks.StructBlock', [[('image', 4)]], {}), 6: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'document'}), 7: ('wagtail.blocks.StructBlock', [[('document', 6)]], {}), 8: ('wagtail.blocks.TextBlock', (), {'label': 'quotation'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'source', 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('text', 8), ('source', 9)]], {})}, null=True, verbose_name='body')),
                        ('body_en', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('figure', 5), ('document', 7), ('quote', 10)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'text'}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section'), ('h3', 'Subsection')], 'label': 'level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'paragraph', 'template': 'blocks/paragraph_block.html'}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'image'}), 5: ('wagtail.blocks.StructBlock', [[('image', 4)]], {}), 6: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'document'}), 7: ('wagtail.blocks.StructBlock', [[('document', 6)]], {}), 8: ('wagtail.blocks.TextBlock', (), {'label': 'quotation'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'source', 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('text', 8), ('source', 9)]], {})}, null=True, verbose_name='body')),
                    ],
                    options={
                        'verbose_name': 'home page',
                        'db_table': 'knowledge_homepage',
                    },
                    bases=(core.models.pages.TranslatedPageMixin, 'wagtailcore.page'),
                ),
                migrations.CreateModel(
                    name='Region',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('name_es', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('slug', models.SlugField(help_text='Stable identifier used in filter URLs; do not change once published.', max_length=100, unique=True, verbose_name='slug')),
                        ('ubigeo', models.CharField(help_text="Two-digit code of the region in Peru's official UBIGEO list.", max_length=2, unique=True, verbose_name='UBIGEO code')),
                    ],
                    options={
                        'verbose_name': 'region',
                        'verbose_name_plural': 'regions',
                        'db_table': 'knowledge_region',
                        'ordering': ['name'],
                        'abstract': False,
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='Sector',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('name_es', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('slug', models.SlugField(help_text='Stable identifier used in filter URLs; do not change once published.', max_length=100, unique=True, verbose_name='slug')),
                    ],
                    options={
                        'verbose_name': 'sector',
                        'verbose_name_plural': 'sectors',
                        'db_table': 'knowledge_sector',
                        'ordering': ['name'],
                        'abstract': False,
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='StandardPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', models.TextField(blank=True, verbose_name='introduction')),
                        ('intro_es', models.TextField(blank=True, null=True, verbose_name='introduction')),
                        ('intro_en', models.TextField(blank=True, null=True, verbose_name='introduction')),
                        ('body', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('figure', 5), ('document', 7), ('quote', 10)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'text'}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section'), ('h3', 'Subsection')], 'label': 'level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'paragraph', 'template': 'blocks/paragraph_block.html'}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'image'}), 5: ('wagtail.blocks.StructBlock', [[('image', 4)]], {}), 6: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'document'}), 7: ('wagtail.blocks.StructBlock', [[('document', 6)]], {}), 8: ('wagtail.blocks.TextBlock', (), {'label': 'quotation'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'source', 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('text', 8), ('source', 9)]], {})}, verbose_name='body')),
                        ('body_es', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('figure', 5), ('document', 7), ('quote', 10)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'text'}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section'), ('h3', 'Subsection')], 'label': 'level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'paragraph', 'template': 'blocks/paragraph_block.html'}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'image'}), 5: ('wagtail.blocks.StructBlock', [[('image', 4)]], {}), 6: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'document'}), 7: ('wagtail.blocks.StructBlock', [[('document', 6)]], {}), 8: ('wagtail.blocks.TextBlock', (), {'label': 'quotation'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'source', 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('text', 8), ('source', 9)]], {})}, null=True, verbose_name='body')),
                        ('body_en', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('figure', 5), ('document', 7), ('quote', 10)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'text'}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section'), ('h3', 'Subsection')], 'label': 'level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'paragraph', 'template': 'blocks/paragraph_block.html'}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'image'}), 5: ('wagtail.blocks.StructBlock', [[('image', 4)]], {}), 6: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'document'}), 7: ('wagtail.blocks.StructBlock', [[('document', 6)]], {}), 8: ('wagtail.blocks.TextBlock', (), {'label': 'quotation'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'source', 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('text', 8), ('source', 9)]], {})}, null=True, verbose_name='body')),
                    ],
                    options={
                        'verbose_name': 'content page',
                        'db_table': 'knowledge_standardpage',
                    },
                    bases=(core.models.pages.TranslatedPageMixin, 'wagtailcore.page'),
                ),
                migrations.CreateModel(
                    name='Topic',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('name_es', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('slug', models.SlugField(help_text='Stable identifier used in filter URLs; do not change once published.', max_length=100, unique=True, verbose_name='slug')),
                    ],
                    options={
                        'verbose_name': 'topic',
                        'verbose_name_plural': 'topics',
                        'db_table': 'knowledge_topic',
                        'ordering': ['name'],
                        'abstract': False,
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='ProgrammeSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('programme_name', models.CharField(blank=True, max_length=255, verbose_name='programme name')),
                        ('programme_name_es', models.CharField(blank=True, max_length=255, null=True, verbose_name='programme name')),
                        ('programme_name_en', models.CharField(blank=True, max_length=255, null=True, verbose_name='programme name')),
                        ('programme_description', models.TextField(blank=True, verbose_name='programme description')),
                        ('programme_description_es', models.TextField(blank=True, null=True, verbose_name='programme description')),
                        ('programme_description_en', models.TextField(blank=True, null=True, verbose_name='programme description')),
                        ('partners', models.CharField(blank=True, help_text='Institutions behind the programme, as they should appear in the footer.', max_length=500, verbose_name='partners')),
                        ('partners_es', models.CharField(blank=True, help_text='Institutions behind the programme, as they should appear in the footer.', max_length=500, null=True, verbose_name='partners')),
                        ('partners_en', models.CharField(blank=True, help_text='Institutions behind the programme, as they should appear in the footer.', max_length=500, null=True, verbose_name='partners')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact email')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'programme',
                        'db_table': 'knowledge_programmesettings',
                    },
                ),
                migrations.CreateModel(
                    name='QuipuDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=255, verbose_name='title')),
                        ('title_es', models.CharField(max_length=255, null=True, verbose_name='title')),
                        ('title_en', models.CharField(max_length=255, null=True, verbose_name='title')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('file_size', models.PositiveBigIntegerField(editable=False, null=True)),
                        ('file_hash', models.CharField(blank=True, editable=False, max_length=40)),
                        ('file', models.FileField(upload_to='documents', validators=[core.validation.validate_document_file], verbose_name='file')),
                        ('language', models.CharField(choices=[('es', 'Spanish'), ('en', 'English')], default='es', max_length=2, verbose_name='language of the file')),
                        ('sha256', models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256')),
                        ('page_count', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='pages')),
                        ('extracted_text', models.TextField(blank=True, editable=False, verbose_name='extracted text')),
                        ('has_searchable_text', models.BooleanField(default=False, editable=False, help_text='False for scanned PDFs without a text layer.', verbose_name='has searchable text')),
                        ('text_status', models.CharField(choices=[('pending', 'Text extraction pending'), ('extracted', 'Text extracted'), ('not_extracted', 'Text not extracted')], default='pending', editable=False, max_length=16, verbose_name='text for search')),
                        ('text_not_extracted_reason', models.CharField(blank=True, choices=[('too_many_parts', 'It is made of far more parts than a Word document has.'), ('part_too_large', 'One of its parts is too large when unpacked.'), ('compression_ratio', 'It expands to far more than a document of its size does when unpacked (a possible “zip bomb”).'), ('xml_too_large', 'Its text part is larger than the limit for reading text.'), ('too_many_paragraphs', 'It has more paragraphs than the limit for reading text.'), ('text_too_long', 'Its text is longer than the limit for reading text.'), ('memory', 'Reading it needed more memory than allowed.'), ('time', 'Reading it took longer than allowed.'), ('damaged', 'Its content is damaged, so its text could not be read.'), ('failed', 'The text reader stopped unexpectedly.'), ('missing', 'The stored file could not be opened.')], editable=False, max_length=32, verbose_name='why the text was not extracted')),
                        ('download_count', models.PositiveBigIntegerField(default=0, editable=False, verbose_name='downloads')),
                        ('collection', models.ForeignKey(default=wagtail.models.media.get_root_collection_id, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.collection', verbose_name='collection')),
                        ('tags', taggit.managers.TaggableManager(blank=True, help_text=None, through='taggit.TaggedItem', to='taggit.Tag', verbose_name='tags')),
                        ('uploaded_by_user', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by user')),
                    ],
                    options={
                        'verbose_name': 'document',
                        'verbose_name_plural': 'documents',
                        'db_table': 'knowledge_quipudocument',
                        'permissions': [('choose_quipudocument', 'Can choose document')],
                        'abstract': False,
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='QuipuImage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=255, verbose_name='title')),
                        ('title_es', models.CharField(max_length=255, null=True, verbose_name='title')),
                        ('title_en', models.CharField(max_length=255, null=True, verbose_name='title')),
                        ('file', wagtail.images.models.WagtailImageField(height_field='height', upload_to=wagtail.images.models.get_upload_to, verbose_name='file', width_field='width')),
                        ('description', models.CharField(blank=True, default='', max_length=255, verbose_name='description')),
                        ('description_es', models.CharField(blank=True, default='', max_length=255, null=True, verbose_name='description')),
                        ('description_en', models.CharField(blank=True, default='', max_length=255, null=True, verbose_name='description')),
                        ('width', models.IntegerField(editable=False, verbose_name='width')),
                        ('height', models.IntegerField(editable=False, verbose_name='height')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                        ('focal_point_x', models.PositiveIntegerField(blank=True, null=True)),
                        ('focal_point_y', models.PositiveIntegerField(blank=True, null=True)),
                        ('focal_point_width', models.PositiveIntegerField(blank=True, null=True)),
                        ('focal_point_height', models.PositiveIntegerField(blank=True, null=True)),
                        ('file_size', models.PositiveIntegerField(editable=False, null=True)),
                        ('file_hash', models.CharField(blank=True, db_index=True, editable=False, max_length=40)),
                        ('caption', models.CharField(blank=True, max_length=500, verbose_name='caption')),
                        ('caption_es', models.CharField(blank=True, max_length=500, null=True, verbose_name='caption')),
                        ('caption_en', models.CharField(blank=True, max_length=500, null=True, verbose_name='caption')),
                        ('credit', models.CharField(blank=True, help_text='Who made the photo or illustration, as it must be credited.', max_length=255, verbose_name='credit')),
                        ('credit_es', models.CharField(blank=True, help_text='Who made the photo or illustration, as it must be credited.', max_length=255, null=True, verbose_name='credit')),
                        ('credit_en', models.CharField(blank=True, help_text='Who made the photo or illustration, as it must be credited.', max_length=255, null=True, verbose_name='credit')),
                        ('collection', models.ForeignKey(default=wagtail.models.media.get_root_collection_id, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.collection', verbose_name='collection')),
                        ('tags', taggit.managers.TaggableManager(blank=True, help_text=None, through='taggit.TaggedItem', to='taggit.Tag', verbose_name='tags')),
                        ('uploaded_by_user', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by user')),
                    ],
                    options={
                        'verbose_name': 'image',
                        'verbose_name_plural': 'images',
                        'db_table': 'knowledge_quipuimage',
                        'permissions': [('choose_quipuimage', 'Can choose image')],
                        'abstract': False,
                    },
                    bases=(wagtail.images.models.ImageFileMixin, modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='Institution',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('name_es', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('slug', models.SlugField(help_text='Stable identifier used in filter URLs; do not change once published.', max_length=100, unique=True, verbose_name='slug')),
                        ('acronym', models.CharField(blank=True, max_length=30, verbose_name='acronym')),
                        ('acronym_es', models.CharField(blank=True, max_length=30, null=True, verbose_name='acronym')),
                        ('acronym_en', models.CharField(blank=True, max_length=30, null=True, verbose_name='acronym')),
                        ('website', models.URLField(blank=True, verbose_name='website')),
                        ('sector', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='institutions', to='core.sector', verbose_name='sector')),
                    ],
                    options={
                        'verbose_name': 'institution',
                        'verbose_name_plural': 'institutions',
                        'db_table': 'knowledge_institution',
                        'ordering': ['name'],
                        'abstract': False,
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='QuipuRendition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('filter_spec', models.CharField(db_index=True, max_length=255)),
                        ('file', wagtail.images.models.WagtailImageField(height_field='height', storage=wagtail.images.models.get_rendition_storage, upload_to=wagtail.images.models.get_rendition_upload_to, width_field='width')),
                        ('width', models.IntegerField(editable=False)),
                        ('height', models.IntegerField(editable=False)),
                        ('focal_point_key', models.CharField(blank=True, default='', editable=False, max_length=16)),
                        ('image', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renditions', to='core.quipuimage')),
                    ],
                    options={
                        'db_table': 'knowledge_quipurendition',
                        'unique_together': {('image', 'filter_spec', 'focal_point_key')},
                    },
                    bases=(wagtail.images.models.ImageFileMixin, models.Model),
                ),
            ],
            database_operations=[],
        ),
    ]
