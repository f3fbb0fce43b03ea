<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="102" />
        <source>About learncenter</source>
        <translation>关于 learncenter</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="107" />
        <source>The workstation of a learning center: on-site confirmation, records, exams and sync with the registry.</source>
        <translation>学习中心工作站：现场确认、考生记录、考务，以及与登记机构同步。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="116" />
        <source>Reading…</source>
        <translation>正在读取……</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="118" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="119" />
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="120" />
        <source>Database schema</source>
        <translation>数据库结构版本</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="121" />
        <source>Encryption</source>
        <translation>加密</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="122" />
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="123" />
        <source>Records</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="138" />
        <source>%1 (up to date)</source>
        <translation>%1（已是最新）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="140" />
        <source>%1 (this program's newest is %2)</source>
        <translation>%1（本程序支持的最新版本为 %2）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="142" />
        <source>Encrypted (SQLCipher)</source>
        <translation>已加密（SQLCipher）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="142" />
        <source>Not encrypted</source>
        <translation>未加密</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="143" />
        <source>Demo database: generated data only</source>
        <translation>演示库：仅含生成的数据</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="144" />
        <source>This center's own data</source>
        <translation>本中心的正式数据</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="145" />
        <source>%n record(s)</source>
        <translation><numerusform>%n 条记录</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="149" />
        <source>The database's state could not be read.</source>
        <translation>无法读取数据库状态。</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="120" />
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="127" />
        <source>Leave empty to generate one</source>
        <translation>留空则自动生成</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="128" />
        <source>&amp;Name</source>
        <translation>用户名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="129" />
        <source>R&amp;ole</source>
        <translation>角色(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="130" />
        <source>Initial &amp;password</source>
        <translation>初始密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="131" />
        <source>The new user chooses their own password at the first sign-in.</source>
        <translation>新用户首次登录时须设置自己的密码。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="135" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="141" />
        <source>Enter the user name.</source>
        <translation>请输入用户名。</translation>
    </message>
</context>
<context>
    <name>BackupMenu</name>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="43" />
        <source>&amp;Back up now…</source>
        <translation>立即备份(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="44" />
        <source>&amp;Restore from a backup…</source>
        <translation>从备份恢复(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="49" />
        <source>Restore from which backup folder?</source>
        <translation>从哪个备份文件夹恢复？</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="52" />
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="53" />
        <source>Replace the database with the backup in %1?

The backup is checked first; if it fails, nothing changes. The database it replaces is kept in the data folder's backups folder, so the restore can be undone. Everyone is signed out and signs in again afterwards.</source>
        <translation>用 %1 中的备份替换当前数据库吗？

程序会先检查备份，检查不通过则什么都不改变。被替换的数据库保留在数据文件夹的 backups 文件夹中，恢复可以撤销。所有人将退出登录，恢复后重新登录。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="59" />
        <source>Back up to which folder?</source>
        <translation>备份到哪个文件夹？</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="62" />
        <source>Backing up to %1…</source>
        <translation>正在备份到 %1…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="69" />
        <location filename="../../src/learncenter/ui/backup_menu.py" line="75" />
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="70" />
        <source>The backup was written to %1. It is encrypted like the database; keep the stick somewhere safe. To put it back: learncenter db restore with this folder.</source>
        <translation>备份已写入 %1。备份与数据库一样是加密的；请把U盘妥善保管。需要恢复时，用此文件夹运行 learncenter db restore。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="88" />
        <source>Today's backup was made: %1</source>
        <translation>今天的自动备份已完成：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="92" />
        <source>Today's backup could not be made: %1</source>
        <translation>今天的自动备份未能完成：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="99" />
        <source>the folder could not be written (%1). Check the stick or choose another folder.</source>
        <translation>无法写入该文件夹（%1）。请检查U盘或选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/backup_menu.py" line="102" />
        <source>an unexpected error stopped it; nothing was changed. The details are in the log.</source>
        <translation>发生意外错误而中止，未做任何更改。详情见日志。</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/camera_dialog.py" line="31" />
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp *.pdf)</source>
        <translation>图像 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp *.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/camera_dialog.py" line="35" />
        <source>The file %1 cannot be read (%2). Choose another file.</source>
        <translation>无法读取文件 %1（%2）。请选择其他文件。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/camera_dialog.py" line="81" />
        <source>Capture (Space)</source>
        <translation>拍摄（空格键）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/camera_dialog.py" line="83" />
        <source>From &amp;file…</source>
        <translation>从文件导入(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/camera_dialog.py" line="84" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/camera_dialog.py" line="128" />
        <source>No camera is connected to this computer. Use “From file…” to take the picture from an image file or from the scanner's output.</source>
        <translation>本机未连接摄像头。请点击“从文件导入…”，选择图片文件或扫描仪生成的文件。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/camera_dialog.py" line="175" />
        <source>The camera cannot be used (%1). Check that it is plugged in and not open in another program, or use “From file…”.</source>
        <translation>摄像头无法使用（%1）。请检查摄像头是否已连接、是否被其他程序占用，或点击“从文件导入…”。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/camera_dialog.py" line="187" />
        <source>the picture was empty</source>
        <translation>拍到的图像为空</translation>
    </message>
</context>
<context>
    <name>CandidateForm</name>
    <message>
        <location filename="../../src/learncenter/ui/candidate_form.py" line="264" />
        <source>Still to fill in: %1</source>
        <extracomment>The fields in the order of the form (and of its tab chain).</extracomment>
        <translation>尚待填写：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/candidate_form.py" line="286" />
        <source>Choose the level to see which of these it needs.</source>
        <translation>选择报考层次后，这里会标出该层次需要填写的项目。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/candidate_form.py" line="288" />
        <source>%1 needs the fields marked *; of the CHSI verification code and the certification report number, one is enough.</source>
        <translation>%1需要填写标有 * 的项目；学信网在线验证码与学历认证报告编号填写其一即可。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/candidate_form.py" line="290" />
        <source>%1 needs the fields marked *.</source>
        <translation>%1需要填写标有 * 的项目。</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="21" />
        <source>Candidate</source>
        <translation>考生信息</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="26" />
        <source>Enrolment round</source>
        <translation>报名批次</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="43" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="59" />
        <source>ID or document no.</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="65" />
        <source>as on the card or document</source>
        <translation>按证件上的号码填写</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="76" />
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="91" />
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="108" />
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="123" />
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="138" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="154" />
        <source>Address</source>
        <translation>通讯地址</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="170" />
        <source>Identity document</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="185" />
        <source>Nationality</source>
        <translation>国籍</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="191" />
        <source>with a passport; otherwise read from the document</source>
        <translation>外国护照须填写；其他证件可不填</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="214" />
        <source>Programme</source>
        <translation>报考信息</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="219" />
        <source>Level</source>
        <translation>层次</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="234" />
        <source>Major code</source>
        <translation>专业代码</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="240" />
        <source>6 letters or digits</source>
        <translation>6位字母或数字</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="251" />
        <source>Major name</source>
        <translation>专业名称</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="267" />
        <source>Learning form</source>
        <translation>学习形式</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="282" />
        <source>Registration no.</source>
        <translation>报名号</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="298" />
        <source>Admission type</source>
        <translation>招生类型</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="313" />
        <source>Exempt subjects</source>
        <translation>免考科目</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="319" />
        <source>subject: kind: certificate no.; ... (empty: sits every subject)</source>
        <translation>科目：免考类型：证书编号；…（不填：参加全部科目考试）</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="320" />
        <source>One entry per subject the candidate is exempt from, e.g. College English: CET-4: 201812345678. Write "all" for admission without the exam.</source>
        <translation>每个免考科目写一项，例如 大学英语：大学英语四级：201812345678。免试入学写“全部”。</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="334" />
        <source>Prior education and diploma</source>
        <translation>前置学历与证书</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="339" />
        <source>Prior education</source>
        <translation>前置学历</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="354" />
        <source>School graduated from</source>
        <translation>毕业学校</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="370" />
        <source>Certificate number</source>
        <translation>毕业证书编号</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="386" />
        <source>Graduation date</source>
        <translation>毕业日期</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="403" />
        <source>CHSI verification code</source>
        <translation>学信网在线验证码</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="409" />
        <source>from the CHSI record form</source>
        <translation>见学信网电子注册备案表</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="420" />
        <source>Certification report no.</source>
        <translation>学历认证报告编号</translation>
    </message>
    <message>
        <location filename="../../forms/candidate_form.ui" line="442" />
        <source>Prior study form</source>
        <translation>前置学历类别</translation>
    </message>
</context>
<context>
    <name>CardReadingLabel</name>
    <message>
        <location filename="../../src/learncenter/ui/card_reading_label.py" line="41" />
        <source>Reading the card…</source>
        <translation>正在识读身份证…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/card_reading_label.py" line="52" />
        <source>The card as read agrees with the record: name, ID number, birth date and gender.</source>
        <translation>识读结果与记录一致：姓名、身份证号、出生日期、性别。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/card_reading_label.py" line="57" />
        <source>The card as read:</source>
        <translation>身份证识读结果：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/card_reading_label.py" line="64" />
        <source>The card could not be read here; compare it with the record by eye.</source>
        <translation>本机未能识读该身份证：请人工对照证件核对记录。</translation>
    </message>
</context>
<context>
    <name>ChangeDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="44" />
        <source>Student status change</source>
        <translation>学籍异动</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="45" />
        <source>Student: %1</source>
        <translation>学生：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="49" />
        <source>%1 (decided here)</source>
        <translation>%1（本中心办理）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="59" />
        <source>&amp;Change</source>
        <translation>异动类别(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="60" />
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="61" />
        <source>&amp;Effective</source>
        <translation>生效日期(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="62" />
        <source>New major code</source>
        <translation>新专业代码</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="63" />
        <source>New major name</source>
        <translation>新专业名称</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="64" />
        <source>New level</source>
        <translation>新层次</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="65" />
        <source>New programme length (years)</source>
        <translation>新学制（年）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="70" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="81" />
        <source>Recorded now.</source>
        <translation>立即记录生效。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="82" />
        <source>Sent to the registry with the next sync; the status changes once it approves.</source>
        <translation>下次同步时报总部审核；批准后学籍状态才改变。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="87" />
        <source>This status allows no change.</source>
        <translation>当前学籍状态不能办理任何异动。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="90" />
        <source>Please give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="98" />
        <source>Fill in the new values this change needs.</source>
        <translation>请填写该异动所需的新信息。</translation>
    </message>
</context>
<context>
    <name>ConfirmationPage</name>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="9" />
        <source>Scan or type the ID number, or a name, pinyin or registration number</source>
        <translation>扫描或输入身份证号，也可输入姓名、拼音或报名号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="194" />
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="271" />
        <location filename="../../forms/confirmation_page.ui" line="48" />
        <source>ID card &amp;front…</source>
        <translation>身份证正面(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="195" />
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="272" />
        <location filename="../../forms/confirmation_page.ui" line="53" />
        <source>ID card &amp;back…</source>
        <translation>身份证反面(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="60" />
        <source>The card matches the person and the record (&amp;K)</source>
        <translation>证件与本人、记录一致(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="75" />
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="83" />
        <source>&amp;Photo from file…</source>
        <translation>从文件导入照片(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="91" />
        <source>Supervisor &amp;accepts this photo…</source>
        <translation>主管批准使用此照片(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="68" />
        <source>2. Standard photo</source>
        <translation>2. 标准照片</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="115" />
        <source>&amp;Diploma scan…</source>
        <translation>毕业证书扫描件(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="104" />
        <source>3. Prior diploma</source>
        <translation>3. 前置学历证书</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="37" />
        <source>1. Identity document</source>
        <translation>1. 身份证件</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="120" />
        <source>CHSI record for&amp;m…</source>
        <translation>学信网备案表(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="125" />
        <source>Cer&amp;tification report…</source>
        <translation>学历认证报告(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="134" />
        <source>CHSI &amp;code</source>
        <translation>学信网验证码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="141" />
        <source>16 characters from the record form</source>
        <translation>备案表上的 16 位验证码</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="146" />
        <source>Report &amp;number</source>
        <translation>认证报告编号(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="153" />
        <source>7 or 8 digits</source>
        <translation>7 或 8 位数字</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="158" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="185" />
        <source>I have reviewed the findings above (&amp;R)</source>
        <translation>以上待核问题已人工核对(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="192" />
        <source>Confirm and seal (Ctrl+Enter)</source>
        <translation>确认并封存（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="197" />
        <source>R&amp;efuse…</source>
        <translation>拒绝(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../forms/confirmation_page.ui" line="168" />
        <source>4. Eligibility</source>
        <translation>4. 报考资格</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="122" />
        <source>C&amp;orrect this sealed record…</source>
        <extracomment>camera, or a file: open the dialog over the page and hand the picture to the callable, if one is taken</extracomment>
        <translation>更正此已封存记录(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="123" />
        <source>A correction is a new version approved by a supervisor</source>
        <translation>更正会生成一个经主管批准的新版本</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="124" />
        <source>Print the receipt a&amp;gain</source>
        <translation>重新打印回执(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="266" />
        <source>Passport photo page (&amp;F)…</source>
        <translation>护照资料页(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="354" />
        <source>ID card front</source>
        <translation>身份证正面</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="157" />
        <source>ID card back</source>
        <translation>身份证反面</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="158" />
        <source>Diploma</source>
        <translation>毕业证书</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="159" />
        <source>CHSI record form</source>
        <translation>学信网备案表</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="160" />
        <source>Certification report</source>
        <translation>学历认证报告</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="226" />
        <source>This is not a valid ID number: %1</source>
        <translation>这不是有效的身份证号：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="230" />
        <source>Nobody matches; check the number or search by name.</source>
        <translation>没有匹配的考生：请核对号码，或按姓名查找。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="252" />
        <source>This record is sealed; a correction needs a supervisor.</source>
        <translation>此记录已封存；如需更正须经主管批准。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="304" />
        <source>The ID number agrees with the record's birth date and gender.</source>
        <translation>身份证号与记录中的出生日期、性别一致。</translation>
    </message>
    <message numerus="yes">
        <source>Attempts: %n</source>
        <translation><numerusform>拍摄次数：%n</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="269" />
        <source>Card &amp;front…</source>
        <translation>证件正面(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="272" />
        <source>Card &amp;back…</source>
        <translation>证件反面(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="284" />
        <source>Certificate: %1
CHSI code: %2
Report: %3</source>
        <translation>毕业证书编号：%1
学信网在线验证码：%2
学历认证报告编号：%3</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="287" />
        <source>Confirmed by the registry, which registered it</source>
        <translation>登记机构已核实（该证书由其注册）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="293" />
        <source>Payment: %1 on %2</source>
        <translation>缴费：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="294" />
        <source>Payment: %1</source>
        <translation>缴费：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="306" />
        <source>The document number is valid. It does not carry the birth date or gender: compare those on the record with the document itself.</source>
        <translation>证件号码格式正确。该证件号码不含出生日期和性别：请对照证件核对记录中的出生日期和性别。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="308" />
        <source>The document number agrees with the record's birth date and gender.</source>
        <translation>证件号码与记录中的出生日期、性别一致。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="313" />
        <source>Admission type: %1</source>
        <translation>招生类型：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="315" />
        <source>Exempt from: %1. Check the original of each certificate or document named here.</source>
        <translation>免考：%1。请核验所列每一份证书或文件的原件。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="321" />
        <source>Eligible</source>
        <translation>符合报考条件</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="321" />
        <source>Not eligible</source>
        <translation>不符合报考条件</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="322" />
        <source>Needs review</source>
        <translation>需人工核对</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="324" />
        <source>Before sealing: %1</source>
        <translation>封存前须具备：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="341" />
        <source>Something went wrong; nothing already saved was lost. Try again.</source>
        <translation>操作未完成，已保存的数据没有丢失。请重试。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="352" />
        <source>Passport photo page</source>
        <translation>护照资料页</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="390" />
        <source>The CHSI code and report number are kept with the record.</source>
        <translation>学信网验证码和认证报告编号已随记录保存。</translation>
    </message>
    <message>
        <source>Standard photo</source>
        <translation>标准照片</translation>
    </message>
    <message>
        <source>All checks passed.</source>
        <translation>全部检查通过。</translation>
    </message>
    <message>
        <source>The picture shown is this attempt: it is not kept.</source>
        <translation>显示的是本次拍摄的照片：未通过检查，未保存。</translation>
    </message>
    <message>
        <source>Supervisor accepts this photo</source>
        <translation>主管批准使用此照片</translation>
    </message>
    <message>
        <source>Accepted by the supervisor.</source>
        <translation>主管已批准使用此照片。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="406" />
        <source>Review the findings under Eligibility and tick that you did, then confirm.</source>
        <translation>请先核对“报考资格”中的各项提示并勾选已核对，再确认。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="440" />
        <source>%1 is confirmed and sealed. Preparing the receipt…</source>
        <translation>%1 已确认并封存，正在准备回执……</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="448" />
        <source>The receipt was handed to the printer.</source>
        <translation>回执已交给打印机。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="449" />
        <source>Preparing the receipt…</source>
        <translation>正在准备回执……</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="455" />
        <source>an unexpected error (see the log)</source>
        <translation>意外错误（详见日志）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="457" />
        <source>Sealed, but the receipt could not be made: %1. Print it again from the queue.</source>
        <translation>已封存，但回执未能生成：%1。请稍后从队列中重新打印。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/confirmation_page.py" line="465" />
        <source>%1 was refused; the reason is kept with the record.</source>
        <translation>已拒绝 %1，原因已随记录保存。</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="51" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="51" />
        <source>Round / ID number</source>
        <translation>报名批次/身份证号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="51" />
        <source>Why it was not applied</source>
        <translation>未采用的原因</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="52" />
        <source>Registry version</source>
        <translation>登记机构版本</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="52" />
        <source>Received at</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="55" />
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="55" />
        <source>Sent by the registry</source>
        <translation>登记机构发来的</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="56" />
        <source>Held here</source>
        <translation>本机现有的</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="63" />
        <source>&amp;Keep ours</source>
        <translation>保留本机版本(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="65" />
        <source>&amp;Take the registry's</source>
        <translation>采用登记机构版本(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="67" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="95" />
        <source>Changed here since the registry's last version</source>
        <translation>登记机构上次发来后，本机已修改</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="96" />
        <source>The same candidate was entered here</source>
        <translation>本机已录入同一考生</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="97" />
        <source>What the registry sent is not valid</source>
        <translation>登记机构发来的数据有误</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="103" />
        <source>%n change(s) from the registry were not applied because the record here has changes of its own. Compare them, then keep this center's version or take the registry's.</source>
        <translation><numerusform>登记机构发来的 %n 项更新未被采用，因为本机记录已有改动。请逐项比较，然后保留本机版本或采用登记机构的版本。</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="106" />
        <source>There are no sync conflicts.

When the registry sends a change for a record that was changed here, it is not applied: it waits here for you to compare and decide.</source>
        <translation>没有同步冲突。

登记机构发来的更新如涉及本机已修改的记录，不会直接覆盖，而是在此等待您比较后决定。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="131" />
        <source>No record is held here for this change any more.</source>
        <translation>本机已没有与这项更新对应的记录。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="133" />
        <source>The registry's version cannot be taken: the record here is sealed or what was sent is not valid. Keep ours, and correct the record with a supervisor's approval if the registry is right.</source>
        <translation>不能采用登记机构的版本：本机记录已确认封存，或发来的数据有误。请保留本机版本；如登记机构的数据正确，请经主管批准更正记录。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/conflicts_page.py" line="166" />
        <source>The sync conflicts could not be read; try Refresh.</source>
        <translation>无法读取同步冲突，请点“刷新”重试。</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/correction_dialog.py" line="57" />
        <source>Correct a sealed record</source>
        <translation>更正已封存的记录</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/correction_dialog.py" line="66" />
        <source>I have reviewed the eligibility verdict; seal it all the same</source>
        <translation>我已复核报考资格结论，仍予封存</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/correction_dialog.py" line="85" />
        <source>Reason for the correction</source>
        <translation>更正原因</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/correction_dialog.py" line="86" />
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/correction_dialog.py" line="87" />
        <source>Supervisor's password</source>
        <translation>主管密码</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/correction_dialog.py" line="113" />
        <source>Some fields are not right yet; each problem is shown next to its field.</source>
        <translation>还有字段不正确，问题已在各字段旁标出。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/correction_dialog.py" line="116" />
        <source>Give the reason for the correction.</source>
        <translation>请填写更正原因。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/correction_dialog.py" line="120" />
        <source>A supervisor must approve the correction with their name and password.</source>
        <translation>更正须由主管输入本人用户名和密码批准。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/correction_dialog.py" line="150" />
        <source>The correction could not be saved; the sealed record is unchanged. Try again.</source>
        <translation>更正未能保存，已封存的记录保持不变。请重试。</translation>
    </message>
</context>
<context>
    <name>CrashNotice</name>
    <message>
        <location filename="../../src/learncenter/ui/crash_notice.py" line="42" />
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/crash_notice.py" line="43" />
        <source>Something unexpected went wrong; everything already saved is safe. Where it failed is written to %1 (without any candidate's data); please send that file to support.</source>
        <translation>程序出现意外错误，已保存的数据不受影响。出错的位置已写入 %1（不含考生信息），请把该文件发给技术支持。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/crash_notice.py" line="47" />
        <source>Save a &amp;support file…</source>
        <translation>保存技术支持文件(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/crash_notice.py" line="61" />
        <source>Save a support file</source>
        <translation>保存技术支持文件</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/crash_notice.py" line="61" />
        <source>Zip files (*.zip)</source>
        <translation>压缩文件 (*.zip)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/crash_notice.py" line="72" />
        <source>The support file could not be written to %1: %2. Choose another folder.</source>
        <translation>无法把技术支持文件写入 %1：%2。请选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/crash_notice.py" line="76" />
        <source>The support file was saved as %1. It holds the log, the versions and the settings, no candidate's data.</source>
        <translation>技术支持文件已保存为 %1。其中只有日志、版本和设置，不含任何考生数据。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/crash_notice.py" line="79" />
        <source>Support file</source>
        <translation>技术支持文件</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="62" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="63" />
        <source>Save the &amp;figures…</source>
        <translation>保存统计表(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="64" />
        <source>Daily re&amp;port (PDF)…</source>
        <translation>日报(PDF)(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="66" />
        <source>Period:</source>
        <translation>统计时段：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="68" />
        <source>to</source>
        <comment>between two dates</comment>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="80" />
        <source>Confirmed and refused per day</source>
        <translation>每日确认与拒绝人数</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="81" />
        <source>Per level</source>
        <translation>按层次</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="82" />
        <source>Per major (the %1 largest)</source>
        <translation>按专业（人数最多的 %1 个）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="83" />
        <source>Refusals by reason</source>
        <translation>拒绝原因</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="84" />
        <source>Where every record stands</source>
        <translation>全部记录的状态</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="85" />
        <source>Exam sessions: seats and notices</source>
        <translation>考试：座位与准考证</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="93" />
        <source>Save as image…</source>
        <translation>另存为图片…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="145" />
        <source>Reading the figures…</source>
        <translation>正在读取统计数字…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="177" />
        <source>The figures could not be read; try Refresh.</source>
        <translation>统计数字读取失败，请点“刷新”重试。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="187" />
        <source>Confirmed</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="187" />
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="188" />
        <source>Nothing in this period.</source>
        <translation>本时段内没有。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="191" />
        <source>%1 to %2: %3 confirmed and %4 refused (on %5: %6 confirmed, %7 refused). %8 candidates in the database.</source>
        <translation>%1 至 %2：确认 %3 人，拒绝 %4 人（%5 当日：确认 %6 人，拒绝 %7 人）。本库共有考生 %8 人。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="199" />
        <source>Photos: %1 of the %2 sealed needed more than one capture (%3 retakes); a supervisor accepted %4.</source>
        <translation>照片：已封存的 %2 人中有 %1 人拍摄不止一次（共重拍 %3 次）；主管批准照片 %4 张。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="218" />
        <source>No refusals in this period.</source>
        <translation>本时段内没有拒绝。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="221" />
        <source>Records</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="222" />
        <source>No records yet.</source>
        <translation>还没有记录。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="225" />
        <source>Seats</source>
        <translation>座位数</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="225" />
        <source>Seated</source>
        <translation>已编排</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="226" />
        <source>Notices printed</source>
        <translation>已打印准考证</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="227" />
        <source>No exam sessions yet.</source>
        <translation>还没有考试安排。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="233" />
        <source>Save the chart as</source>
        <translation>图表另存为</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="233" />
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="238" />
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="270" />
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="278" />
        <source>Dashboard</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="239" />
        <source>The image could not be written to %1. Check the folder or choose another one.</source>
        <translation>图片无法写入 %1。请检查该文件夹，或换一个文件夹。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="246" />
        <source>Save the figures as</source>
        <translation>统计表另存为</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="247" />
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="247" />
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="262" />
        <source>Save the daily report as</source>
        <translation>日报另存为</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="262" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="270" />
        <source>Written to %1.</source>
        <translation>已写入 %1。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/dashboard_page.py" line="277" />
        <source>It could not be written; nothing else was changed. Check the folder and try again.</source>
        <translation>写入失败，其他内容均未改动。请检查文件夹后重试。</translation>
    </message>
</context>
<context>
    <name>DataEntryPage</name>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="125" />
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="205" />
        <source>no name yet</source>
        <translation>尚未填写姓名</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="126" />
        <source>Changing the saved record of %1: saving updates that record.</source>
        <translation>正在修改 %1 已保存的记录：保存将更新该记录。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="127" />
        <source>Save the changes to this record (Ctrl+S)</source>
        <translation>保存对该记录的修改（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="153" />
        <source>Opened the record of %1 (%2).</source>
        <translation>已打开 %1 的记录（%2）。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="164" />
        <source>The record could not be opened; try again.</source>
        <translation>无法打开该记录，请重试。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="207" />
        <source>Changes you were making to a saved record were kept (%1, last changed %2).</source>
        <translation>保留了一份对已保存记录未完成的修改（%1，最后修改于 %2）。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="209" />
        <source>An application you were typing was kept (%1, last changed %2).</source>
        <translation>保留了一份未录完的报名信息（%1，最后修改于 %2）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="211" />
        <source>%n more kept after this one.</source>
        <translation><numerusform>另有 %n 份待处理。</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="238" />
        <source>The draft could not be saved; keep the paper form at hand until the application is saved.</source>
        <translation>草稿未能保存：在这份报名信息保存之前，请留好纸质报名表。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="277" />
        <source>This person may already be entered elsewhere. Check the records below; if they are someone else, press Save anyway: the changes go to the record you opened, and the records below stay as they are.</source>
        <translation>此人可能已在别处录入。请核对下列记录；如确为另一人，请点击“仍然保存”：修改将保存到您打开的记录，下列记录保持不变。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="279" />
        <source>This person may already be entered. Check the records below; if this is someone else, press Save anyway: a new record is saved, and the records below stay as they are.</source>
        <translation>此人可能已经录入。请核对下列记录；如确为另一人，请点击“仍然保存”：将另建一条新记录，下列记录保持不变。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="286" />
        <source>Save &amp;anyway</source>
        <translation>仍然保存(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="295" />
        <source>Same ID number in this round: %1 (%2), registration no. %3, %4.</source>
        <translation>本批次已有相同身份证号的记录：%1（%2），报名号 %3，%4。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="331" />
        <source>Saved the changes to the record of %1</source>
        <translation>已保存对 %1 记录的修改</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="333" />
        <source>Nothing was changed in the record of %1; it stays as it was</source>
        <translation>%1 的记录没有改动，保持原样</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="291" />
        <source>Same name and date of birth: %1 (%2), born %3, round %4, %5.</source>
        <translation>姓名和出生日期相同：%1（%2），出生于 %3，%4批次，%5。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="294" />
        <source>Same ID number: %1 (%2), round %3, %4.</source>
        <translation>身份证号相同：%1（%2），%3批次，%4。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="306" />
        <location filename="../../forms/data_entry_page.ui" line="96" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="329" />
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="344" />
        <source>Saving failed; what you typed is kept as a draft. Try again.</source>
        <translation>保存失败，已录入的内容保留为草稿。请重试。</translation>
    </message>
    <message>
        <location filename="../../forms/data_entry_page.ui" line="18" />
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../forms/data_entry_page.ui" line="23" />
        <source>&amp;Discard</source>
        <translation>舍弃(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../forms/data_entry_page.ui" line="40" />
        <source>&amp;New application</source>
        <translation>新建报名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../forms/data_entry_page.ui" line="41" />
        <source>Leave this record as it was last saved and start an empty form</source>
        <translation>该记录保持上次保存的内容，开始录入一份新的报名</translation>
    </message>
    <message>
        <location filename="../../forms/data_entry_page.ui" line="69" />
        <source>&amp;Open that record</source>
        <translation>打开该记录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../forms/data_entry_page.ui" line="70" />
        <source>Load the record already held for this ID number and round, to change it</source>
        <translation>载入本批次该身份证号已有的记录，以便修改</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/data_entry_page.py" line="129" />
        <location filename="../../forms/data_entry_page.ui" line="97" />
        <source>Save the application as a draft record (Ctrl+S)</source>
        <translation>将报名信息保存为草稿记录（Ctrl+S）</translation>
    </message>
</context>
<context>
    <name>ExamsPage</name>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="69" />
        <source>&amp;Define from file…</source>
        <translation>从文件定义(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="70" />
        <source>Export &amp;keys for exam sites…</source>
        <translation>导出考点核验公钥(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="72" />
        <source>Exam session:</source>
        <translation>考试安排：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="79" />
        <source>Venue</source>
        <translation>考点</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="79" />
        <location filename="../../src/learncenter/ui/exams_page.py" line="119" />
        <source>Room</source>
        <translation>考场</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="81" />
        <source>Notices printed</source>
        <translation>已打印准考证</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="83" />
        <source>Chan&amp;ge room…</source>
        <translation>修改考场(&amp;G)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="118" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="79" />
        <source>Seats</source>
        <translation>座位数</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="79" />
        <source>Room name</source>
        <translation>考场名称</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="80" />
        <source>Kept free</source>
        <translation>预留空座</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="80" />
        <source>Seated</source>
        <translation>已编排</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="80" />
        <source>Free</source>
        <translation>空余</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="82" />
        <source>&amp;Add room…</source>
        <translation>添加考场(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="84" />
        <source>Re&amp;move room</source>
        <translation>删除考场(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="85" />
        <source>Rooms</source>
        <translation>考场</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="94" />
        <source>Group by level and major</source>
        <translation>按层次和专业分组</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="95" />
        <source>Fill rooms in order (otherwise balance them)</source>
        <translation>按顺序坐满考场（否则各考场人数均衡）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="96" />
        <source>Seat members of a learning group apart</source>
        <translation>同一学习小组的考生不相邻就座</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="101" />
        <source>as set for each room</source>
        <translation>按各考场设置</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="103" />
        <source>&amp;Preview assignment</source>
        <translation>预览编排(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="104" />
        <source>&amp;Save assignment</source>
        <translation>保存编排(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="106" />
        <source>Seat assignment</source>
        <translation>座位编排</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="111" />
        <source>Seats kept free per room:</source>
        <translation>每个考场预留空座：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="118" />
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="118" />
        <source>Level</source>
        <translation>层次</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="118" />
        <source>Major</source>
        <translation>专业</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="119" />
        <source>Seat</source>
        <translation>座位号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="119" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="119" />
        <source>Notice number</source>
        <translation>准考证号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="121" />
        <source>&amp;Notices to PDF…</source>
        <translation>生成准考证 PDF(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="122" />
        <source>One &amp;file per candidate…</source>
        <translation>每名考生一个文件(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="123" />
        <source>Room &amp;lists…</source>
        <translation>考场签到表和门贴(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="124" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="126" />
        <source>Pre&amp;view</source>
        <translation>预览(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="127" />
        <source>P&amp;rint…</source>
        <translation>打印(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="133" />
        <location filename="../../src/learncenter/ui/exams_page.py" line="416" />
        <source>Admission notices</source>
        <translation>准考证</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="200" />
        <source>No exam session yet. Sessions come with synchronisation, or define one from a file.</source>
        <translation>还没有考试安排。考试安排随同步下发，也可以从文件定义。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="229" />
        <source>%1 · term %2 · %3 · %4 free seats</source>
        <translation>%1 · %2 批次 · %3 · 空余座位 %4 个</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="254" />
        <source>Exam session file</source>
        <translation>考试安排文件</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="254" />
        <location filename="../../src/learncenter/ui/exams_page.py" line="442" />
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="297" />
        <source>new</source>
        <translation>新编排</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="297" />
        <source>kept</source>
        <translation>保持原座位</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="297" />
        <source>moved</source>
        <translation>已调换</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="301" />
        <source>Preview, not saved: %1 to seat, %2 keep their seats.</source>
        <translation>预览（未保存）：新编排 %1 人，%2 人保持原座位。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="319" />
        <source>Saved: %1 candidates have a room and seat.</source>
        <translation>已保存：%1 名考生已有考场和座位。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="329" />
        <source>Save admission notices</source>
        <translation>保存准考证</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="329" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="333" />
        <source>Folder for one notice file per candidate</source>
        <translation>选择存放准考证的文件夹（每名考生一个文件）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="334" />
        <source>Folder for the sign-in sheets and door lists</source>
        <translation>选择存放考场签到表和门贴的文件夹</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="358" />
        <source>Writing notices…</source>
        <translation>正在生成准考证…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="358" />
        <source>Writing room lists…</source>
        <translation>正在写出考场签到表和门贴…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="359" />
        <source>Stopping after the current room…</source>
        <translation>写完当前考场后停止…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="359" />
        <source>Stopping after the current notice…</source>
        <translation>将在当前这份准考证完成后停止…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="378" />
        <source>Cancelled; no file was written. Start again for the complete set.</source>
        <translation>已取消，没有写出任何文件。请重新开始以得到完整的一套。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="379" />
        <source>Cancelled after %1 notices; write the notices again for the complete file.</source>
        <translation>已在生成 %1 份后取消；请重新生成以得到完整文件。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="382" />
        <source>Sign-in sheets and door lists of %1 rooms written to %2:</source>
        <translation>已写出 %1 个考场的签到表和门贴到 %2：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="384" />
        <source>%1 (%2): %3 candidates, %4 and %5</source>
        <translation>%1（%2）：%3 人，%4 和 %5</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="392" />
        <source>%1 notices written to %2.</source>
        <translation>已生成 %1 份准考证：%2。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="395" />
        <source>No notice for %1 candidates without a standard photo: %2. Capture their photos first.</source>
        <translation>%1 名考生没有标准照片，未生成准考证：%2。请先为他们采集照片。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="431" />
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="442" />
        <source>Export keys for exam sites</source>
        <translation>导出考点核验公钥</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="455" />
        <source>%1 public keys written to %2: give this file to the exam sites.</source>
        <translation>已将 %1 个公钥写入 %2：请把该文件交给各考点。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="462" />
        <source>The file is not valid JSON (line %1).</source>
        <translation>该文件不是有效的 JSON（第 %1 行）。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="464" />
        <source>The file cannot be used: %1</source>
        <translation>无法使用该文件：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/exams_page.py" line="466" />
        <source>The work stopped unexpectedly (%1); nothing already saved is affected. Try again, and tell support if it happens again.</source>
        <translation>操作意外中止（%1），已保存的数据不受影响。请重试；如再次出现，请联系技术支持。</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <location filename="../../src/learncenter/ui/file_dialogs.py" line="37" />
        <source>Look in:</source>
        <translation>查找范围：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/file_dialogs.py" line="39" />
        <source>Files of type:</source>
        <translation>文件类型：</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/first_start_dialog.py" line="22" />
        <source>Set up learncenter</source>
        <translation>设置 learncenter</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/first_start_dialog.py" line="24" />
        <source>There is no learncenter database on this computer yet (%1). Create it now with its first administrator, who then adds the clerks and the other users.</source>
        <translation>这台电脑上还没有 learncenter 数据库（%1）。现在创建数据库及其第一个管理员，再由管理员添加确认员和其他用户。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/first_start_dialog.py" line="32" />
        <source>Administrator's &amp;name</source>
        <translation>管理员用户名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/first_start_dialog.py" line="33" />
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/first_start_dialog.py" line="34" />
        <source>&amp;Repeat the password</source>
        <translation>再次输入密码(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/first_start_dialog.py" line="36" />
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/first_start_dialog.py" line="43" />
        <source>Enter the administrator's user name.</source>
        <translation>请输入管理员的用户名。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/first_start_dialog.py" line="49" />
        <source>The two passwords differ; type the password again.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/first_start_dialog.py" line="59" />
        <source>The database was created. Its recovery key is:

%1

Write it down and keep it locked away. It is shown only this once; it opens the database if this computer's keyring is ever lost.</source>
        <translation>数据库已创建。它的恢复密钥是：

%1

请抄下来并锁好保管。恢复密钥只显示这一次；如果这台电脑的密钥环丢失，凭它才能打开数据库。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/first_start_dialog.py" line="62" />
        <source>Write down the recovery key</source>
        <translation>请抄下恢复密钥</translation>
    </message>
</context>
<context>
    <name>GraduationDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="136" />
        <source>Graduation</source>
        <translation>毕业</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="137" />
        <source>Student: %1</source>
        <translation>学生：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="144" />
        <source>Graduation photo (JPEG or PNG), optional</source>
        <translation>毕业照片（JPEG 或 PNG），可不填</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="145" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="150" />
        <source>&amp;Graduation date</source>
        <translation>毕业日期(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="151" />
        <source>Certificate &amp;type</source>
        <translation>证书类别(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="152" />
        <source>&amp;Minor</source>
        <translation>辅修(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="153" />
        <source>&amp;Photo</source>
        <translation>照片(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="155" />
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="158" />
        <source>Graduation photo</source>
        <translation>毕业照片</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="158" />
        <source>Photos (*.jpg *.jpeg *.png)</source>
        <translation>照片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="165" />
        <source>The photo file was not found.</source>
        <translation>找不到该照片文件。</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="145" />
        <source>Choose the spreadsheet to import</source>
        <translation>选择要导入的表格文件</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="323" />
        <source>Save the refused rows</source>
        <translation>保存未导入的行</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="41" />
        <source>Spreadsheets (*.xlsx *.csv *.txt *.tsv)</source>
        <extracomment>(shown name, codec) offered for CSV files besides detection; the codec name appears in messages.</extracomment>
        <translation>表格文件 (*.xlsx *.csv *.txt *.tsv)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="42" />
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="47" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="48" />
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="109" />
        <source>Automatic</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="176" />
        <source>Reading the file…</source>
        <translation>正在读取文件……</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="190" />
        <source>Counting rows…</source>
        <translation>正在统计行数……</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="198" />
        <source>Excel workbook, worksheet “%1”; column names in row %2.</source>
        <translation>Excel 工作簿，工作表“%1”；列名在第 %2 行。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="200" />
        <source>CSV text in %1 (detected); column names in row %2.</source>
        <translation>CSV 文本文件，编码为 %1（自动识别）；列名在第 %2 行。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="202" />
        <source>CSV text read as %1; column names in row %2.</source>
        <translation>CSV 文本文件，按 %1 编码读取；列名在第 %2 行。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="211" />
        <source>not used: an earlier column already gives %1</source>
        <translation>不导入：前面已有一列提供“%1”</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="215" />
        <source>not used</source>
        <translation>不导入</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/import_page.py" line="228" />
        <source>%n row(s) to import</source>
        <translation><numerusform>共 %n 行待导入</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="238" />
        <source>The file could not be read. Check that it is a spreadsheet and try again.</source>
        <translation>无法读取该文件。请确认它是表格文件后重试。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="255" />
        <source>Importing…</source>
        <translation>正在导入……</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="255" />
        <source>Stopping after the current chunk…</source>
        <translation>正在写入当前这批数据，写完后停止……</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="266" />
        <source>%1 of %2 rows read</source>
        <translation>已读取 %1 / %2 行</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="267" />
        <source>%1 rows read</source>
        <translation>已读取 %1 行</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="292" />
        <source>The import stopped unexpectedly.</source>
        <translation>导入意外中断。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="293" />
        <source>Rows imported before the stop are kept. Once the cause is fixed, import the file again; rows already imported are not added twice.</source>
        <translation>中断前已导入的行均已保存。排除原因后请重新导入该文件；已导入的行不会重复添加。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="299" />
        <source>The import was cancelled. The rows imported so far are kept; import the file again to complete it — rows already imported are not added twice.</source>
        <translation>导入已取消。已导入的行均已保存；重新导入该文件即可完成剩余部分，已导入的行不会重复添加。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="301" />
        <source>%1 rows read: %2 added, %3 updated, %4 unchanged, %5 refused.</source>
        <translation>共读取 %1 行：新增 %2 条，更新 %3 条，未变化 %4 条，未导入 %5 行。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="306" />
        <source>Correct the refused rows listed below in the file and import it again, or export the list to work through it.</source>
        <translation>请在文件中改正下列未导入的行后重新导入，也可以导出这份清单逐条处理。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="322" />
        <source>%1 - refused rows</source>
        <translation>%1 - 未导入的行</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="336" />
        <source>The refused rows were saved to %1.</source>
        <translation>未导入的行已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="340" />
        <source>The list could not be saved. Try again, or choose another folder.</source>
        <translation>清单未能保存。请重试，或换一个文件夹。</translation>
    </message>
    <message>
        <location filename="../../forms/import_page.ui" line="11" />
        <source>&amp;Choose file…</source>
        <translation>选择文件(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../forms/import_page.ui" line="16" />
        <source>Choose the spreadsheet (Excel .xlsx or CSV) to import.</source>
        <translation>请选择要导入的表格文件（Excel .xlsx 或 CSV）。</translation>
    </message>
    <message>
        <location filename="../../forms/import_page.ui" line="23" />
        <source>Text enc&amp;oding:</source>
        <translation>文字编码(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../forms/import_page.ui" line="30" />
        <source>For CSV files: how the text was saved. Leave it on automatic unless the names in the preview look garbled.</source>
        <translation>仅用于 CSV 文件：文件保存时使用的文字编码。除非预览中的列名显示为乱码，否则请保留“自动识别”。</translation>
    </message>
    <message>
        <location filename="../../forms/import_page.ui" line="37" />
        <source>Columns</source>
        <translation>列对应关系</translation>
    </message>
    <message>
        <location filename="../../forms/import_page.ui" line="52" />
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location filename="../../forms/import_page.ui" line="53" />
        <source>Imported as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <location filename="../../forms/import_page.ui" line="70" />
        <source>&amp;Import</source>
        <translation>开始导入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../forms/import_page.ui" line="76" />
        <source>Ca&amp;ncel</source>
        <translation>取消(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../forms/import_page.ui" line="91" />
        <source>Result</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <location filename="../../forms/import_page.ui" line="115" />
        <source>&amp;Export refused rows…</source>
        <translation>导出未导入的行(&amp;E)…</translation>
    </message>
</context>
<context>
    <name>JobProgressDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/jobs.py" line="169" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/idle_lock.py" line="47" />
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/idle_lock.py" line="54" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/idle_lock.py" line="56" />
        <source>The session of %1 is locked. Enter the password to go on.</source>
        <translation>%1 的会话已锁定。请输入密码继续。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/idle_lock.py" line="69" />
        <source>Try again.</source>
        <translation>请重试。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/login_dialog.py" line="40" />
        <source>DEMO database — generated data only. Try clerk / clerk-demo.</source>
        <translation>演示库（DEMO）——仅含生成的数据。可用 clerk / clerk-demo 登录。</translation>
    </message>
    <message>
        <location filename="../../forms/login_dialog.ui" line="58" />
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/login_dialog.py" line="71" />
        <source>Opening the database…</source>
        <translation>正在打开数据库……</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/login_dialog.py" line="90" />
        <source>This password must be changed, which is not possible here; ask an administrator.</source>
        <translation>此密码必须修改，但这里无法修改，请联系管理员。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/login_dialog.py" line="119" />
        <source>Choose a new password to sign in.</source>
        <translation>须设置新密码才能登录。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/login_dialog.py" line="128" />
        <source>Signing in failed unexpectedly; nothing was changed.</source>
        <translation>登录时发生意外错误，未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../forms/login_dialog.ui" line="6" />
        <source>Sign in — learncenter</source>
        <translation>登录 — learncenter</translation>
    </message>
    <message>
        <location filename="../../forms/login_dialog.ui" line="10" />
        <source>learncenter</source>
        <translation>learncenter</translation>
    </message>
    <message>
        <location filename="../../forms/login_dialog.ui" line="23" />
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../forms/login_dialog.ui" line="30" />
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../forms/login_dialog.ui" line="64" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="56" />
        <source>Learning center</source>
        <translation>学习中心</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="58" />
        <source>DEMO</source>
        <translation>演示库</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="66" />
        <source>Queue</source>
        <translation>考生队列</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="67" />
        <source>Confirmation</source>
        <translation>现场确认</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="68" />
        <source>Data entry</source>
        <translation>数据录入</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="69" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="70" />
        <source>Returned records</source>
        <translation>退回记录</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="71" />
        <source>Sync conflicts</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="72" />
        <source>Students</source>
        <translation>学籍</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="73" />
        <source>Dashboard</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="74" />
        <source>Exams</source>
        <translation>考试</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="75" />
        <source>Verify notices</source>
        <translation>核验准考证</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="76" />
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="100" />
        <source>Signed in: %1 (%2)</source>
        <translation>当前用户：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="105" />
        <source>&amp;Workstation</source>
        <translation>工作站(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="106" />
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="111" />
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="112" />
        <source>Switch &amp;user…</source>
        <translation>切换用户(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="114" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="115" />
        <source>S&amp;ync</source>
        <translation>同步(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="116" />
        <source>Sync &amp;now</source>
        <translation>立即同步(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="117" />
        <source>&amp;Write batches to a file…</source>
        <translation>将批次写入文件(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="118" />
        <source>&amp;Import a receipt file…</source>
        <translation>导入回执文件(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="121" />
        <source>&amp;Enroll with the registry…</source>
        <translation>登记到登记机构(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="122" />
        <source>&amp;Replace the device key…</source>
        <translation>更换设备密钥(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="123" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="124" />
        <source>User &amp;manual</source>
        <translation>使用手册(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="125" />
        <source>&amp;Keyboard shortcuts…</source>
        <translation>键盘快捷键(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="126" />
        <source>Software &amp;update…</source>
        <translation>软件更新(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="127" />
        <source>&amp;About learncenter…</source>
        <translation>关于 learncenter(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="171" />
        <source>learncenter was updated to version %1.</source>
        <translation>learncenter 已更新到 %1 版。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="173" />
        <source>Version %1 is available: Help ▸ Software update…</source>
        <translation>新版本 %1 可用：帮助 ▸ 软件更新…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="330" />
        <source>A correction is made at the confirmation desk with a supervisor.</source>
        <translation>更正须在现场确认处由主管批准后进行。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/main_window.py" line="336" />
        <source>The correction is sealed as a new version and waits to be sent.</source>
        <translation>更正已作为新版本封存，等待上报。</translation>
    </message>
</context>
<context>
    <name>ManualDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/manual_dialog.py" line="35" />
        <source>User manual</source>
        <translation>使用手册</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/manual_dialog.py" line="43" />
        <source>The manual is not installed with this copy of the program.</source>
        <translation>本程序安装中没有包含使用手册。</translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="89" />
        <source>Choose a new password</source>
        <translation>设置新密码</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="91" />
        <source>%1, your password was given to you by an administrator. Choose your own before you go on; nobody else should know it.</source>
        <translation>%1，您当前的密码由管理员提供。请先设置您自己的密码再继续，新密码不要告诉任何人。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="98" />
        <source>&amp;New password</source>
        <translation>新密码(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="99" />
        <source>&amp;Repeat it</source>
        <translation>再次输入(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="101" />
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="108" />
        <source>The two passwords differ; type the new one again.</source>
        <translation>两次输入的密码不一致，请重新输入新密码。</translation>
    </message>
</context>
<context>
    <name>PhotoStep</name>
    <message>
        <location filename="../../src/learncenter/ui/photo_step.py" line="49" />
        <location filename="../../src/learncenter/ui/photo_step.py" line="64" />
        <source>No photo</source>
        <extracomment>open the camera (or a file) over the page, and hand the picture to the callable if one is taken</extracomment>
        <translation>无照片</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/photo_step.py" line="65" />
        <source>Attempts: %n</source>
        <translation><numerusform>拍摄次数：%n</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/photo_step.py" line="71" />
        <source>Standard photo</source>
        <translation>标准照片</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/photo_step.py" line="92" />
        <source>All checks passed.</source>
        <translation>全部检查通过。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/photo_step.py" line="110" />
        <source>Supervisor accepts this photo</source>
        <translation>主管批准使用此照片</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/photo_step.py" line="124" />
        <source>The picture shown is this attempt: it is not kept.</source>
        <translation>显示的是本次拍摄的照片：未通过检查，未保存。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/photo_step.py" line="130" />
        <source>Accepted by the supervisor.</source>
        <translation>主管已批准使用此照片。</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="286" />
        <source>The receipt was not printed: the preview was closed.</source>
        <translation>回执未打印：预览已关闭。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="287" />
        <source>Receipt preview</source>
        <translation>回执预览</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="297" />
        <source>&amp;Print</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="299" />
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="316" />
        <source>Printing…</source>
        <translation>正在打印……</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="77" />
        <source>The receipt is being sent to the printer %1.</source>
        <translation>正在将回执发送到打印机 %1。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="82" />
        <source>The receipt is open in the preview; print it from there.</source>
        <translation>回执已在预览中打开，请在预览中打印。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="87" />
        <source>The receipt was sent to the printer %1.</source>
        <translation>回执已发送到打印机 %1。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="92" />
        <source>The receipt was not printed (no printer); it was saved as %1.</source>
        <translation>回执未打印（没有打印机），已另存为 %1。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="106" />
        <source>(unnamed printer)</source>
        <translation>（未命名的打印机）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="111" />
        <source>No printer is installed on this computer. Connect the printer and choose it in Settings, then print the receipt again from the queue.</source>
        <translation>本机未安装打印机。请连接打印机并在“设置”中选择，然后从队列中重新打印回执。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="153" />
        <source>The receipt cannot be read. Print the receipt again from the queue.</source>
        <translation>无法读取回执。请从队列中重新打印回执。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="154" />
        <source>The receipt file %1 cannot be read. Print the receipt again from the queue.</source>
        <translation>无法读取回执文件 %1。请从队列中重新打印回执。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="216" />
        <source>The printer %1 did not accept the receipt. Check that it is switched on and has paper, then print the receipt again from the queue.</source>
        <translation>打印机 %1 未能接收回执。请检查打印机是否已开机、是否有纸，然后从队列中重新打印回执。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="243" />
        <source>The receipt could not be printed. Print it again from the queue.</source>
        <translation>回执未能打印。请从队列中重新打印。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/printing.py" line="248" />
        <source>Printing</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/receipts.py" line="72" />
        <source>The receipt was not printed (no printer) and could not be saved as %1: %2</source>
        <translation>回执未打印（没有打印机），也未能另存为 %1：%2</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/receipts.py" line="82" />
        <source>The receipt was not printed: there is no printer, and it was not saved as a file.</source>
        <translation>回执未打印：本机没有打印机，也没有另存为文件。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/receipts.py" line="117" />
        <source>the record is not sealed</source>
        <translation>该记录尚未封存</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/receipts.py" line="122" />
        <source>an unexpected error (see the log)</source>
        <translation>意外错误（详见日志）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/receipts.py" line="123" />
        <source>The receipt was not printed: it could not be made (%1).</source>
        <translation>回执未打印：回执未能生成（%1）。</translation>
    </message>
</context>
<context>
    <name>PriorCheckButton</name>
    <message>
        <location filename="../../src/learncenter/ui/prior_check_button.py" line="31" />
        <source>Check with the &amp;registry</source>
        <translation>向登记机构核验(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prior_check_button.py" line="32" />
        <source>Ask the registry whether it registered this certificate for this person</source>
        <translation>询问登记机构是否为本人注册了该学历证书</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prior_check_button.py" line="49" />
        <source>Asking the registry…</source>
        <translation>正在询问登记机构…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prior_check_button.py" line="56" />
        <source>The registry registered this certificate for this person: its signed answer is kept as the CHSI evidence.</source>
        <translation>登记机构为本人注册了该学历证书：其签名答复已作为学信网核验材料保存。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prior_check_button.py" line="61" />
        <source>This registry did not register the certificate: record the CHSI code and scan the form as usual.</source>
        <translation>该证书不是本登记机构注册的：请照常填写学信网在线验证码并扫描备案表。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prior_check_button.py" line="63" />
        <source>The registry registered this certificate for someone else: check the diploma and the ID card.</source>
        <translation>登记机构注册的该证书属于他人：请核对毕业证书和身份证件。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prior_check_button.py" line="65" />
        <source>The certificate is registered, but its level or graduation date differs from what was declared: check the diploma.</source>
        <translation>该证书已注册，但层次或毕业日期与申报的不一致：请核对毕业证书。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prior_check_button.py" line="70" />
        <source>Record the CHSI code and scan the form as usual.</source>
        <translation>请照常填写学信网在线验证码并扫描备案表。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prior_check_button.py" line="73" />
        <source>The registry could not be asked; record the CHSI code and scan the form as usual.</source>
        <translation>无法连接登记机构：请照常填写学信网在线验证码并扫描备案表。</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="82" />
        <source>Refuse %1 on site?</source>
        <translation>确定在现场拒绝 %1 吗？</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="92" />
        <source>What the candidate should know</source>
        <translation>需要告知考生的内容</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="93" />
        <location filename="../../src/learncenter/ui/prompts.py" line="131" />
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="94" />
        <source>Tell the candidate</source>
        <translation>告知考生</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="95" />
        <source>&amp;Details</source>
        <translation>说明(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="110" />
        <location filename="../../src/learncenter/ui/prompts.py" line="116" />
        <source>Write the reason in Details.</source>
        <translation>请在“说明”中写明原因。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="138" />
        <source>Please give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="160" />
        <source>Failed checks</source>
        <translation>未通过的检查</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="163" />
        <source>&amp;Supervisor</source>
        <translation>主管(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="164" />
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="166" />
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="172" />
        <source>The supervisor enters their own name and password.</source>
        <translation>请主管输入本人的用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="182" />
        <source>Enroll with the registry</source>
        <translation>登记到登记机构</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="185" />
        <source>Registry &amp;address</source>
        <translation>登记机构网址(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="186" />
        <source>One-time &amp;code</source>
        <translation>一次性登记码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="193" />
        <source>Enter the registry's address as its administrator wrote it, starting with https://.</source>
        <translation>请按登记机构管理员提供的网址填写，以 https:// 开头。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="198" />
        <source>Enter the one-time code.</source>
        <translation>请输入一次性登记码。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/prompts.py" line="79" />
        <location filename="../../src/learncenter/ui/prompts.py" line="97" />
        <source>Refuse</source>
        <translation>拒绝确认</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="89" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="89" />
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="89" />
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="89" />
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="90" />
        <source>Level</source>
        <translation>层次</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="90" />
        <source>Major</source>
        <translation>专业</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="90" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_model.py" line="90" />
        <source>Registration no.</source>
        <translation>报名号</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="53" />
        <source>ID number, name, pinyin initials or registration number</source>
        <translation>身份证号、姓名、拼音首字母或报名号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="56" />
        <source>Waiting for confirmation</source>
        <translation>待确认</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="57" />
        <source>Sealed</source>
        <translation>已封存</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="59" />
        <source>Returned by the registry</source>
        <translation>被上级退回</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="60" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/queue_page.py" line="166" />
        <location filename="../../src/learncenter/ui/queue_page.py" line="171" />
        <source>%n record(s)</source>
        <translation><numerusform>%n 条记录</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="176" />
        <source>Search failed; try again.</source>
        <translation>查找失败，请重试。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="179" />
        <source>Could not read more of the list; scroll again or choose the filter again.</source>
        <translation>未能读取列表的后续内容；请再次滚动，或重新选择筛选条件。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="214" />
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="215" />
        <source>&amp;Reprint receipt</source>
        <translation>重新打印回执(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/queue_page.py" line="216" />
        <source>&amp;Correct…</source>
        <translation>更正(&amp;C)…</translation>
    </message>
</context>
<context>
    <name>RefusalModel</name>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="58" />
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="58" />
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="58" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/import_page.py" line="58" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="154" />
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="156" />
        <source>Give %1 a new password. They must choose their own at the next sign-in; a lockout after wrong passwords ends now.</source>
        <translation>为 %1 设置新密码。下次登录时须由本人改为自己的密码；因密码输错而造成的锁定随即解除。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="161" />
        <source>Leave empty to generate one</source>
        <translation>留空则自动生成</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="162" />
        <source>New &amp;password</source>
        <translation>新密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="164" />
        <source>Reset</source>
        <translation>重置</translation>
    </message>
</context>
<context>
    <name>ReturnedPage</name>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="47" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="47" />
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="47" />
        <source>Round</source>
        <translation>报名批次</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="47" />
        <source>Major</source>
        <translation>专业</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="48" />
        <source>Reason of the registry</source>
        <translation>登记机构的退回原因</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="48" />
        <source>Returned at</source>
        <translation>退回时间</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="50" />
        <source>&amp;Correct…</source>
        <translation>更正(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="52" />
        <source>With&amp;draw…</source>
        <translation>撤回(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="53" />
        <source>Give the record up instead of sending it again, with a reason</source>
        <translation>注明原因后撤回该记录，不再重新上报</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="55" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/returned_page.py" line="84" />
        <source>%n record(s) came back from the registry. Select one and press Enter to correct it; a supervisor approves the correction and it is sent again.</source>
        <translation><numerusform>登记机构退回了 %n 条记录。选中一条后按回车进行更正；更正经主管批准后重新上报。</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="87" />
        <source>No records have come back from the registry.

When the registry returns a record (for example because a scan is unreadable), it appears here with the registry's reason, and a supervisor-approved correction sends it again.</source>
        <translation>目前没有被上级退回的记录。

上级退回记录时（例如扫描件无法辨认），记录会连同退回原因出现在这里；经主管批准更正后会重新上报。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="100" />
        <source>Returned by the registry: %1</source>
        <translation>登记机构退回原因：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="111" />
        <source>Withdraw a returned record</source>
        <translation>撤回被退回的记录</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="111" />
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="112" />
        <source>Withdraw the record of %1? It is not sent again and leaves this list; the returned version stays on record.</source>
        <translation>撤回 %1 的记录吗？撤回后不再上报，并从此列表中移除；被退回的版本仍留存备查。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="126" />
        <source>The record could not be withdrawn; nothing was changed. Try again.</source>
        <translation>未能撤回该记录，未做任何修改。请重试。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/returned_page.py" line="134" />
        <source>The returned records could not be read; try Refresh.</source>
        <translation>无法读取退回记录，请点“刷新”重试。</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="26" />
        <source>Confirmation clerk</source>
        <translation>现场确认员</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="27" />
        <source>Data-entry clerk</source>
        <translation>数据录入员</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="28" />
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="29" />
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
</context>
<context>
    <name>RoomActions</name>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="140" />
        <source>Change room</source>
        <translation>修改考场</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="141" />
        <source>%1 admission notices printed for room %2 show its old name, venue and seats, and candidates whose seat no longer fits are moved at the next seat assignment.

Change the room anyway? Then reprint its notices.</source>
        <translation>考场 %2 已打印的 %1 份准考证上是它原来的名称、考点和座位；座位已不适用的考生会在下次座位编排时调整。

仍要修改该考场吗？修改后请重新打印该考场的准考证。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="151" />
        <location filename="../../src/learncenter/ui/room_dialog.py" line="157" />
        <source>Remove room</source>
        <translation>删除考场</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="151" />
        <source>Select the room to remove in the table first.</source>
        <translation>请先在表格中选中要删除的考场。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="155" />
        <source>Room not removed</source>
        <translation>考场未删除</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="158" />
        <source>Remove room %1 (%2) from this exam session? Nobody is seated there and no notice names it.</source>
        <translation>要从本次考试安排中删除考场 %1（%2）吗？该考场没有编排考生，也没有写有它的准考证。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="168" />
        <source>Rooms</source>
        <translation>考场</translation>
    </message>
</context>
<context>
    <name>RoomDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="41" />
        <source>Change room</source>
        <translation>修改考场</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="41" />
        <source>Add room</source>
        <translation>添加考场</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="57" />
        <source>no layout (seats numbered 01, 02, …)</source>
        <translation>不分排（座位号 01、02、…）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="65" />
        <source>Venue:</source>
        <translation>考点：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="66" />
        <source>Room code:</source>
        <translation>考场编号：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="67" />
        <source>Room name:</source>
        <translation>考场名称：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="68" />
        <source>Seats:</source>
        <translation>座位数：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="69" />
        <source>Seats per row:</source>
        <translation>每排座位数：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/room_dialog.py" line="70" />
        <source>Seats kept free:</source>
        <translation>预留空座：</translation>
    </message>
</context>
<context>
    <name>SaveReceiptDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/receipts.py" line="44" />
        <source>No printer: save the receipt as PDF</source>
        <translation>没有打印机：将回执另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/receipts.py" line="48" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>SealSummary</name>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="23" />
        <source>ID card front</source>
        <translation>身份证正面</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="24" />
        <source>ID card back</source>
        <translation>身份证反面</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="25" />
        <source>Passport photo page</source>
        <translation>护照资料页</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="26" />
        <source>Diploma</source>
        <translation>毕业证书</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="27" />
        <source>CHSI record form</source>
        <translation>学信网备案表</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="28" />
        <source>Certification report</source>
        <translation>学历认证报告</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="29" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>SealSummaryDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="46" />
        <source>Seal this record?</source>
        <translation>封存此记录？</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="59" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="59" />
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="60" />
        <source>Level and major</source>
        <translation>层次与专业</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="60" />
        <source>Term</source>
        <translation>报名批次</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="68" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="71" />
        <source>Documents</source>
        <translation>材料</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="72" />
        <source>findings reviewed by the clerk</source>
        <translation>经办人已核对提示项</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="74" />
        <source>Verdict</source>
        <translation>核验结果</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="79" />
        <source>Missing:</source>
        <translation>缺少：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="80" />
        <source>Only a supervisor can seal without it; their name is kept with the record.</source>
        <translation>缺少上述材料时只能由主管签字放行，主管姓名将随记录保存。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="86" />
        <source>&amp;Supervisor</source>
        <translation>主管(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="87" />
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="89" />
        <source>Seal with the supervisor's approval</source>
        <translation>经主管批准后封存</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="89" />
        <source>Seal</source>
        <translation>封存</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/seal_summary.py" line="101" />
        <source>The supervisor enters their own name and password.</source>
        <translation>请主管输入本人的用户名和密码。</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="71" />
        <source>That did not work; nothing was changed. Try again.</source>
        <translation>操作未完成，未做任何更改。请重试。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/account_dialogs.py" line="79" />
        <source>A password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/settings_dialog.py" line="88" />
        <source>System default printer</source>
        <translation>系统默认打印机</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/settings_dialog.py" line="93" />
        <source>%1 (not connected now)</source>
        <translation>%1（当前未连接）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/settings_dialog.py" line="100" />
        <source>Automatic (the system's default camera)</source>
        <translation>自动（使用系统默认摄像头）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/settings_dialog.py" line="103" />
        <source>None: take pictures from image files</source>
        <translation>不使用摄像头：从图片文件导入</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/settings_dialog.py" line="106" />
        <source>The camera chosen before (not connected now)</source>
        <translation>之前选择的摄像头（当前未连接）</translation>
    </message>
    <message>
        <location filename="../../forms/settings_dialog.ui" line="6" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../forms/settings_dialog.ui" line="12" />
        <source>&amp;Language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../forms/settings_dialog.ui" line="19" />
        <source>The new language applies the next time learncenter starts.</source>
        <translation>新的界面语言将在下次启动 learncenter 时生效。</translation>
    </message>
    <message>
        <location filename="../../forms/settings_dialog.ui" line="26" />
        <source>&amp;Receipt printer</source>
        <translation>回执打印机(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../forms/settings_dialog.ui" line="33" />
        <source>Pre&amp;view receipts before printing</source>
        <translation>打印回执前先预览(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../forms/settings_dialog.ui" line="38" />
        <source>&amp;Camera</source>
        <translation>摄像头(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../forms/settings_dialog.ui" line="45" />
        <source>Lock when &amp;idle for</source>
        <translation>无操作自动锁定(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../forms/settings_dialog.ui" line="54" />
        <source> min</source>
        <translation> 分钟</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <location filename="../../src/learncenter/ui/shell.py" line="106" />
        <location filename="../../src/learncenter/ui/shell.py" line="138" />
        <location filename="../../src/learncenter/ui/shell.py" line="161" />
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/shell.py" line="107" />
        <source>Checking the backup in %1 and restoring it…</source>
        <translation>正在检查 %1 中的备份并恢复…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/shell.py" line="115" />
        <source>The database was restored from %1: %2 records, %3 audit entries with an unbroken chain, %4 photos and scans.</source>
        <translation>已从 %1 恢复数据库：%2 条记录，审计日志 %3 条哈希链完整，照片和扫描件 %4 个。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/shell.py" line="119" />
        <source>The database it replaced is kept in %1; restore from there to undo.</source>
        <translation>原数据库已保留在 %1，如需撤销可从那里再恢复。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/shell.py" line="128" />
        <source>an unexpected error stopped it; the details are in the log.</source>
        <translation>发生意外错误而中止，详情已写入日志。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/shell.py" line="129" />
        <source>Nothing was restored: %1 The database is as it was.</source>
        <translation>未恢复：%1 数据库保持原样。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/shell.py" line="139" />
        <source>The database could not be opened again. Start learncenter again; if it still fails, restore with learncenter db restore.</source>
        <translation>数据库无法重新打开。请重新启动 learncenter；如仍失败，请用 learncenter db restore 恢复。</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="44" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="48" />
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="48" />
        <source>What they do</source>
        <translation>作用</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="77" />
        <source>Back to the search field (Queue, Confirmation)</source>
        <translation>回到查找框（考生队列、现场确认）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="78" />
        <source>Queue: open the selected candidate in Confirmation. Returned records: correct the selected record. Data entry: the next field.</source>
        <translation>考生队列：在现场确认中打开选中的考生。退回记录：更正选中的记录。数据录入：转到下一项。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="80" />
        <source>Enter</source>
        <translation>回车</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="81" />
        <source>Confirmation: confirm and seal the record. Data entry: save the record.</source>
        <translation>现场确认：确认并封存记录。数据录入：保存记录。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="84" />
        <source>Data entry: save the record.</source>
        <translation>数据录入：保存记录。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="85" />
        <source>Confirmation: back to the search. In a dialog: cancel (the lock screen cannot be cancelled).</source>
        <translation>现场确认：回到查找。在对话框中：取消（锁屏不能用此键取消）。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="87" />
        <source>Camera window: take the picture.</source>
        <translation>拍照窗口：拍摄照片。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="88" />
        <source>The button, field or menu whose letter is underlined.</source>
        <translation>按钮、输入框或菜单中带下划线的字母。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/help_dialogs.py" line="89" />
        <source>Alt + underlined letter</source>
        <translation>Alt + 带下划线的字母</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../src/learncenter/ui/app.py" line="126" />
        <source>The database could not be opened because of an unexpected error. Where it failed is written to the log in the data folder's logs folder (without any candidate's data).</source>
        <translation>由于意外错误，无法打开数据库。出错的位置已写入数据文件夹中 logs 文件夹里的日志（不含考生信息）。</translation>
    </message>
</context>
<context>
    <name>StudentsPage</name>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="56" />
        <source>All grades</source>
        <translation>全部年级</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="61" />
        <source>All levels</source>
        <translation>全部层次</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="65" />
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="69" />
        <source>Name, student number or ID number</source>
        <translation>姓名、学号或身份证号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="74" />
        <source>&amp;Grade</source>
        <translation>年级(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="74" />
        <source>&amp;Level</source>
        <translation>层次(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="75" />
        <source>S&amp;tatus</source>
        <translation>状态(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="84" />
        <source>Student no.</source>
        <translation>学号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="84" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="84" />
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="84" />
        <source>Grade</source>
        <translation>年级</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="84" />
        <source>Level</source>
        <translation>层次</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="85" />
        <source>Major</source>
        <translation>专业</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="85" />
        <source>Expected graduation</source>
        <translation>预计毕业</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="85" />
        <source>Student status</source>
        <translation>学籍状态</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="90" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="90" />
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="90" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="90" />
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="91" />
        <source>By</source>
        <translation>经办 / 审核</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="92" />
        <source>Re&amp;port and register</source>
        <translation>报到注册(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="93" />
        <source>&amp;Year registration…</source>
        <translation>学年注册(&amp;Y)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="94" />
        <source>Status &amp;change…</source>
        <translation>学籍异动(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="95" />
        <source>Gra&amp;duation…</source>
        <translation>毕业申请(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="96" />
        <source>Lost &amp;certificate…</source>
        <translation>证书遗失(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="97" />
        <source>Print &amp;proof…</source>
        <translation>打印学历证明书(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="98" />
        <source>The proof of qualification for a certificate the registry marked lost</source>
        <translation>总部已登记遗失的学历证书的证明书</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="99" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="147" />
        <source> (awaiting the registry)</source>
        <translation>（待总部审核）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="151" />
        <source>%1 student(s) shown; %2 with a request waiting for the registry.</source>
        <translation>显示 %1 名学生；其中 %2 名有申请待总部审核。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="152" />
        <source>No student matches. Admissions arrive with the sync, or import an admission list with `learncenter students admit`.</source>
        <translation>没有符合条件的学生。录取结果随同步下发，也可以用 learncenter students admit 导入录取名单。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/students_page.py" line="173" />
        <source>%n student(s) selected.</source>
        <translation><numerusform>已选 %n 名学生。</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="184" />
        <source>%1 — %2, %3 %4, length %5 years, enrolled %6, expected to graduate %7</source>
        <translation>%1 — %2，%3 %4，学制 %5 年，%6 入学，预计 %7 毕业</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="185" />
        <source>no student number yet</source>
        <translation>尚无学号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="189" />
        <source>Academic years registered: %1</source>
        <translation>已注册学年：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="191" />
        <source>Certificate %1 (%2), issued %3, verification code %4</source>
        <translation>学历证书 %1（%2），%3 颁发，在线验证码 %4</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="194" />
        <source> — reported lost</source>
        <translation> — 已登记遗失</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="221" />
        <source>Registered: %1</source>
        <translation>已报到注册：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="238" />
        <source>Registered %1, already registered %2, not due %3.</source>
        <translation>注册 %1 名，此前已注册 %2 名，无须注册 %3 名。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="241" />
        <source>Not registered: %1</source>
        <translation>未能注册：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="257" />
        <source>Recorded.</source>
        <translation>已记录。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="262" />
        <location filename="../../src/learncenter/ui/students_page.py" line="299" />
        <source>The request is recorded and goes to the registry with the next sync.</source>
        <translation>申请已记录，下次同步时报总部审核。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="283" />
        <source>The graduation data is recorded and goes to the registry with the next sync.</source>
        <translation>毕业数据已记录，下次同步时报总部注册学历证书。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="291" />
        <source>Lost certificate</source>
        <translation>学历证书遗失</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="291" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="292" />
        <source>Report the certificate of %1 as lost? The registry marks it, and the proof can then be printed.</source>
        <translation>登记 %1 的学历证书遗失？总部登记后即可打印学历证明书。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="306" />
        <source>Save the proof of qualification</source>
        <translation>保存学历证明书</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="306" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="318" />
        <source>The proof is saved as %1.</source>
        <translation>学历证明书已保存为 %1。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="335" />
        <source>That could not be recorded; nothing was changed. Try again.</source>
        <translation>未能记录，什么也没有改变。请重试。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/students_page.py" line="339" />
        <source>The students could not be read; try Refresh.</source>
        <translation>无法读取学生名单，请点“刷新”。</translation>
    </message>
</context>
<context>
    <name>SubmittedMaterial</name>
    <message>
        <location filename="../../src/learncenter/ui/submitted_material.py" line="36" />
        <source>The photo the candidate submitted online</source>
        <translation>考生网上提交的照片</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/submitted_material.py" line="37" />
        <source>Use this photo</source>
        <translation>使用此照片</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/submitted_material.py" line="38" />
        <source>Use the photo the candidate submitted online: it goes through the same checks as one taken here.</source>
        <translation>使用考生网上提交的照片：它与现场拍摄的照片一样要通过照片检测。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/submitted_material.py" line="48" />
        <source>Keep the submitted scans</source>
        <translation>保存网上提交的扫描件</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/submitted_material.py" line="65" />
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/submitted_material.py" line="67" />
        <source>Submitted online: %1</source>
        <translation>网上已提交：%1</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="100" />
        <source>not enrolled</source>
        <translation>未登记</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="102" />
        <source>syncing</source>
        <translation>同步中</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="104" />
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="106" />
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="108" />
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="109" />
        <source>Registry: %1 · last sync %2 · waiting %3</source>
        <translation>登记机构：%1 · 上次同步 %2 · 待上报 %3</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/sync_panel.py" line="117" />
        <source>%n record(s) could not be sent:</source>
        <translation><numerusform>%n 条记录未能上报：</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="150" />
        <location filename="../../src/learncenter/ui/sync_panel.py" line="174" />
        <location filename="../../src/learncenter/ui/sync_panel.py" line="210" />
        <location filename="../../src/learncenter/ui/sync_panel.py" line="228" />
        <location filename="../../src/learncenter/ui/sync_panel.py" line="257" />
        <location filename="../../src/learncenter/ui/sync_panel.py" line="274" />
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="151" />
        <source>This workstation is not enrolled with a registry yet. An administrator enrolls it once (Sync ▸ Enroll with the registry…) with the address and the one-time code from the registry's administrator. Meanwhile, sealed records are kept safely here.</source>
        <translation>本工作站尚未登记到登记机构。请管理员使用登记机构管理员提供的网址和一次性登记码登记一次（同步 ▸ 登记到登记机构…）。在此之前，已封存的记录安全保存在本机。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="175" />
        <source>Sending sealed records to the registry…</source>
        <translation>正在向登记机构上报已封存的记录……</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="176" />
        <source>Stopping after the current batch; what was sent is kept…</source>
        <translation>正在当前批次完成后停止，已发送的内容会保留…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="262" />
        <source>Receipt files (*.json *.receipt)</source>
        <translation>回执文件 (*.json *.receipt)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="262" />
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="197" />
        <source>Batches sent: %1; records accepted: %2, returned: %3; updates received: %4.</source>
        <translation>已上报批次：%1 个；记录被接收 %2 条，被退回 %3 条；收到更新 %4 条。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="201" />
        <source>Returned records are listed on the Returned records page with the registry's reason.</source>
        <translation>被退回的记录及登记机构给出的原因列在“退回记录”页。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/sync_panel.py" line="203" />
        <source>%n update(s) from the registry were not applied because the record has local changes.</source>
        <translation><numerusform>有 %n 条来自登记机构的更新未采用，因为本机记录已有未上报的修改。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/sync_panel.py" line="205" />
        <source>%n photo(s) and scan(s) the candidates submitted online were fetched; the confirmation page offers them.</source>
        <translation><numerusform>已下载考生网上提交的照片和扫描件 %n 份，可在现场确认页面使用。</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="208" />
        <source>Cancelled; what was sent is kept and the next sync continues.</source>
        <translation>已取消；已上报的部分会保留，下次同步时继续。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="223" />
        <source>Sync stopped because of an unexpected error; nothing was lost, and the next sync continues. The details are in the log.</source>
        <translation>同步因意外错误而停止；没有丢失任何数据，下次同步时继续。详情见日志。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="239" />
        <source>Write batches to a file</source>
        <translation>将批次写入文件</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="240" />
        <source>Batch files (*.lcb)</source>
        <translation>批次文件 (*.lcb)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="253" />
        <source>No sealed record waits to be sent; no file was written.</source>
        <translation>没有等待上报的已封存记录，未写出文件。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="255" />
        <source>Written: %1

Take the file(s) to the registry; bring back its receipt file and import it here.</source>
        <translation>已写出：%1

请把文件交给登记机构导入，再把登记机构的回执文件带回并在此导入。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="261" />
        <source>Import a receipt file</source>
        <translation>导入回执文件</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="275" />
        <source>Receipt verified: %1 record(s) accepted, %2 returned.</source>
        <translation>回执已核验：%1 条记录被接收，%2 条被退回。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="300" />
        <source>Enroll with the registry</source>
        <translation>登记到登记机构</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="301" />
        <source>Enrolled as learning center %1 (%2).

Compare this registry key id with the one the registry's administrator reads out: %3
If it differs, do not sync and call the administrator.</source>
        <translation>已登记为学习中心 %1（%2）。

请与登记机构管理员报出的登记机构密钥编号核对：%3
如不一致，请勿同步并立即联系管理员。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="312" />
        <location filename="../../src/learncenter/ui/sync_panel.py" line="332" />
        <source>Replace the device key</source>
        <translation>更换设备密钥</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="313" />
        <source>A new device key is made on this computer and the registry is asked to take it; only when the registry agrees does it sign the batches and admission notices from then on. Notices already printed keep verifying with the old key.

Batches already sent must have their receipts first. Replace the key now?</source>
        <translation>将在本机生成新的设备密钥并请登记机构接受；登记机构同意后，今后的批次和准考证才改用新密钥签名。已打印的准考证仍可用旧密钥核验。

已发出的批次须先取得回执。现在更换密钥吗？</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/sync_panel.py" line="327" />
        <source>The registry took the new device key %1; it replaces %2. Give exam sites the new public keys (learncenter notice-keys export).</source>
        <translation>登记机构已接受新的设备密钥 %1，取代 %2。请把新的公钥交给各考点（learncenter notice-keys export）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/sync_panel.py" line="330" />
        <source>%n batch(es) not yet sent were sealed again with the new key.</source>
        <translation><numerusform>%n 个尚未发出的批次已用新密钥重新封装。</numerusform></translation>
    </message>
</context>
<context>
    <name>UpdateDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/update_dialog.py" line="38" />
        <source>Software update</source>
        <translation>软件更新</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/update_dialog.py" line="41" />
        <source>This version: %1</source>
        <translation>当前版本：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/update_dialog.py" line="42" />
        <source>Looking for a new version…</source>
        <translation>正在查找新版本…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/update_dialog.py" line="47" />
        <source>&amp;Download, install at the next start</source>
        <translation>下载，下次启动时安装(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/update_dialog.py" line="48" />
        <source>From a &amp;folder (USB stick)…</source>
        <translation>从文件夹（U盘）载入(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/update_dialog.py" line="62" />
        <source>An administrator installs updates.</source>
        <translation>软件更新由管理员安装。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/update_dialog.py" line="76" />
        <source>No newer version has been announced by the registry. The registry says so at each sync; an update on a USB stick can be taken from its folder.</source>
        <translation>登记机构尚未发布更新的版本。每次同步时登记机构都会告知新版本；U盘带来的更新可从其文件夹载入。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/update_dialog.py" line="81" />
        <source>New version %1, published %2 (%3). What is new:
%4</source>
        <translation>新版本 %1，%2 发布（%3）。更新内容：
%4</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/update_dialog.py" line="91" />
        <source>That did not work; nothing was installed. The details are in the log.</source>
        <translation>操作未成功，未安装任何内容。详情已写入日志。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/update_dialog.py" line="98" />
        <source>%1 is checked and waits: it is installed the next time learncenter starts.</source>
        <translation>%1 已通过校验，等待安装：下次启动 learncenter 时安装。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/update_dialog.py" line="106" />
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/update_dialog.py" line="119" />
        <source>The folder with the update</source>
        <translation>更新所在的文件夹</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="38" />
        <source>Everyone who signs in at this workstation. Select a user to unlock, lock or reset the password.</source>
        <translation>可以登录本工作站的所有用户。选中一个用户后可解锁、锁定或重置密码。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="41" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="41" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="41" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="42" />
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="46" />
        <source>&amp;Add user…</source>
        <translation>添加用户(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="48" />
        <source>U&amp;nlock</source>
        <translation>解锁(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="50" />
        <source>&amp;Lock…</source>
        <translation>锁定(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="52" />
        <source>&amp;Reset password…</source>
        <translation>重置密码(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="54" />
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="93" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="93" />
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="101" />
        <source>Locked by an administrator</source>
        <translation>已被管理员锁定</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="104" />
        <source>Locked out after wrong passwords until %1</source>
        <translation>密码输错次数过多，锁定到 %1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="105" />
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="129" />
        <source>%1 was added as %2 and chooses their own password at the first sign-in.</source>
        <translation>已添加用户 %1（%2），首次登录时由本人设置自己的密码。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="140" />
        <source>%1 can sign in again.</source>
        <translation>%1 现在可以重新登录了。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="151" />
        <source>%1 is locked.</source>
        <translation>已锁定 %1 的账号。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="154" />
        <source>Lock account</source>
        <translation>锁定账号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="155" />
        <source>Lock the account of %1? They cannot sign in until an administrator unlocks it.</source>
        <translation>锁定 %1 的账号吗？锁定后，在管理员解锁之前无法登录。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="173" />
        <source>%1 has a new password and must change it at the next sign-in.</source>
        <translation>已为 %1 设置新密码，下次登录时须修改。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="179" />
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="180" />
        <source>The password of %1 is:

%2

It is shown only this once: hand it over now. %1 chooses their own at the next sign-in.</source>
        <translation>%1 的密码是：

%2

此密码只显示这一次，请现在交给本人。%1 下次登录时须设置自己的密码。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/users_page.py" line="203" />
        <source>That did not work; nothing was changed. Try again.</source>
        <translation>操作未完成，未做任何更改。请重试。</translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="98" />
        <source>&amp;Open file…</source>
        <translation>打开文件(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="99" />
        <source>Load &amp;keys file…</source>
        <translation>载入密钥文件(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="100" />
        <source>This &amp;center's keys</source>
        <translation>本中心密钥(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="114" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="130" />
        <source>Notice number:</source>
        <translation>准考证号：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="130" />
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="130" />
        <source>Exam session:</source>
        <translation>考试安排：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="131" />
        <source>Room:</source>
        <translation>考场：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="131" />
        <source>Seat:</source>
        <translation>座位号：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="131" />
        <source>Signed by:</source>
        <translation>签发单位：</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="141" />
        <location filename="../../src/learncenter/ui/verify_page.py" line="149" />
        <source>Verdict</source>
        <translation>核验结果</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="149" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="149" />
        <source>Notice number</source>
        <translation>准考证号</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="150" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="150" />
        <source>Room and seat</source>
        <translation>考场及座位</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="150" />
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/verify_page.py" line="222" />
        <source>Keys: this center's own (%n key(s)).</source>
        <translation><numerusform>核验密钥：本学习中心自己的密钥（%n 个）。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/verify_page.py" line="224" />
        <source>Keys: %n key(s) from %1, centers: %2.</source>
        <translation><numerusform>核验密钥：来自 %1 的 %n 个密钥，学习中心：%2。</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="236" />
        <source>The keys file %1 cannot be used: %2</source>
        <translation>密钥文件 %1 无法使用：%2</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="246" />
        <source>Keys file of the learning centers</source>
        <translation>学习中心的密钥文件</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="247" />
        <source>Keys files (*.json)</source>
        <translation>密钥文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="253" />
        <source>Open an admission notice</source>
        <translation>打开准考证</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="254" />
        <source>Notices: PDF, photos, scans (*.pdf *.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp)</source>
        <translation>准考证：PDF、照片、扫描件 (*.pdf *.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="260" />
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="279" />
        <location filename="../../src/learncenter/ui/verify_page.py" line="435" />
        <source>UNREADABLE</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="292" />
        <location filename="../../src/learncenter/ui/verify_page.py" line="334" />
        <location filename="../../src/learncenter/ui/verify_page.py" line="336" />
        <source>camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="318" />
        <source>No notice code in view: hold the notice's QR code flat in front of the camera.</source>
        <translation>画面中没有准考证二维码：请将准考证二维码平整地对准摄像头。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="321" />
        <source>Notice code read.</source>
        <translation>已读取准考证二维码。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="376" />
        <source>This workstation is set to work without a camera (Workstation ▸ Settings). Use “Open file…” for a PDF, a photo or a scan of the notice.</source>
        <translation>本工作站设置为不使用摄像头（工作站 ▸ 设置）。请用“打开文件…”核验准考证的 PDF、照片或扫描件。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="380" />
        <source>No camera is connected to this computer. Use “Open file…” for a PDF, a photo or a scan of the notice.</source>
        <translation>本机没有连接摄像头。请用“打开文件…”核验准考证的 PDF、照片或扫描件。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="383" />
        <source>Hold the notice's QR code in front of the camera.</source>
        <translation>请将准考证上的二维码对准摄像头。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="418" />
        <source>The camera cannot be used (%1). Check that it is plugged in and not open in another program, or use “Open file…”.</source>
        <translation>摄像头无法使用（%1）。请检查摄像头已连接且未被其他程序占用，或使用“打开文件…”。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="434" />
        <source>VALID</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="434" />
        <source>FORGED</source>
        <translation>伪造</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="434" />
        <source>ALTERED</source>
        <translation>已被改动</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="445" />
        <source>Waiting for a notice</source>
        <translation>等待核验准考证</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="455" />
        <source>%1 (%2 notice codes; see the list below)</source>
        <translation>%1（共 %2 个准考证二维码，见下方列表）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="462" />
        <source>The code is genuine. Check that the notice number, name, room and seat printed on the notice are the ones above, and the photo is the candidate.</source>
        <translation>二维码真实有效。请核对准考证上打印的准考证号、姓名、考场和座位号与上方一致，照片为考生本人。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="473" />
        <source>unknown key %1</source>
        <translation>未知密钥 %1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="474" />
        <source>%1 (key %2)</source>
        <translation>%1（密钥 %2）</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="495" />
        <source>The file cannot be used: %1</source>
        <translation>无法使用该文件：%1</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/verify_page.py" line="496" />
        <source>The check stopped unexpectedly (%1). Try again, and tell support if it happens again.</source>
        <translation>核验意外中止（%1）。请重试；如再次出现，请联系技术支持。</translation>
    </message>
</context>
<context>
    <name>YearDialog</name>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="111" />
        <source>Academic year registration</source>
        <translation>学年注册</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="112" />
        <source>Register %n selected student(s) for:</source>
        <translation><numerusform>为所选的 %n 名学生注册学年：</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="116" />
        <source>&amp;Academic year</source>
        <translation>学年(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/student_dialogs.py" line="118" />
        <source>Register</source>
        <translation>注册</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../src/learncenter/ui/corrections.py" line="32" />
        <source>Only the current version of a sealed record can be corrected.</source>
        <translation>只能更正已封存记录的当前版本。</translation>
    </message>
    <message>
        <location filename="../../src/learncenter/ui/corrections.py" line="41" />
        <source>The record could not be read; nothing was changed. Try again.</source>
        <translation>未能读取该记录，未做任何修改。请重试。</translation>
    </message>
</context>
</TS>